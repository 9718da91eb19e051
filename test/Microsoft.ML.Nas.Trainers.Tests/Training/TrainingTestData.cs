using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

/// <summary>Small data sets and networks shared by the training tests.</summary>
internal static class TrainingTestData
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    private static readonly Lazy<(IdxImages Images, byte[] Labels)> s_fashion = new(() =>
    {
        // The first 2,000 images of the 10,000-image test file: a small, fixed, balanced-enough subset.
        const int count = 2000;
        var images = IdxReader.ReadImages(Path.Combine(FashionMnistFolder, "t10k-images-idx3-ubyte.gz"));
        var labels = IdxReader.ReadLabels(Path.Combine(FashionMnistFolder, "t10k-labels-idx1-ubyte.gz"));
        var size = images.Height * images.Width;
        return (new IdxImages(count, images.Height, images.Width, images.Pixels[..(count * size)]), labels[..count]);
    });

    /// <summary>2,000 Fashion-MNIST images with their labels.</summary>
    public static (IdxImages Images, byte[] Labels) FashionSubset => s_fashion.Value;

    /// <summary>Loads the Fashion-MNIST subset, split 80/20 stratified; the caller disposes both datasets.</summary>
    public static (TensorDataset Train, TensorDataset Validation) FashionSplit(int seed = 1)
    {
        var (images, labels) = FashionSubset;
        var split = DataSplit.StratifiedHoldout(labels, 0.2, seed);
        var normalization = ImageNormalization.Fit(images, split.Train);
        using var all = TensorDataset.FromImages(images, labels, normalization);
        return (all.Subset(split.Train), all.Subset(split.Validation));
    }

    /// <summary>A small CNN for 1 × 28 × 28 images and 10 classes (about 9k parameters).</summary>
    public static nn.Module<Tensor, Tensor> TinyCnn(double dropout = 0) => nn.Sequential(
        nn.Conv2d(1, 8, 3, padding: 1, bias: false),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding: 1, bias: false),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(dropout),
        nn.Linear(16 * 7 * 7, 10));

    /// <summary>A two-layer perceptron.</summary>
    public static nn.Module<Tensor, Tensor> Mlp(int inputs, int outputs, int hidden = 32) => nn.Sequential(
        nn.Linear(inputs, hidden),
        nn.ReLU(),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Linear(hidden, outputs));

    /// <summary>
    /// A synthetic 3-class table of 4 features: class 0 inside the circle x0² + x1² &lt; 1, otherwise class 1 when
    /// x0·x1 &gt; 0 and class 2 when not; x2 and x3 are noise. Not linearly separable.
    /// </summary>
    public static TabularDataset ClassificationTable(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * 4];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var f = 0; f < 4; f++)
            {
                features[(r * 4) + f] = (float)((random.NextDouble() * 4) - 2);
            }

            var (x0, x1) = (features[r * 4], features[(r * 4) + 1]);
            labels[r] = (x0 * x0) + (x1 * x1) < 1 ? 0 : x0 * x1 > 0 ? 1 : 2;
        }

        return new TabularDataset(TabularTask.Classification, features, ["x0", "x1", "x2", "x3"], labels, ["inner", "same-sign", "opposite-sign"], null);
    }

    /// <summary>
    /// A synthetic regression table of 3 features in [−2, 2]: y = 1000 + 50·sin(2·x0) + 30·x1·x2 + small noise (large
    /// offset and scale, so training relies on target standardization).
    /// </summary>
    public static TabularDataset RegressionTable(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * 3];
        var targets = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var f = 0; f < 3; f++)
            {
                features[(r * 3) + f] = (float)((random.NextDouble() * 4) - 2);
            }

            var (x0, x1, x2) = (features[r * 3], features[(r * 3) + 1], features[(r * 3) + 2]);
            targets[r] = (float)(1000 + (50 * Math.Sin(2 * x0)) + (30 * x1 * x2) + ((random.NextDouble() - 0.5) * 2));
        }

        return new TabularDataset(TabularTask.Regression, features, ["x0", "x1", "x2"], null, null, targets);
    }

    /// <summary>Copies every parameter and buffer of a module to managed arrays, by name.</summary>
    public static Dictionary<string, float[]> Snapshot(nn.Module module) =>
        module.state_dict()
            .Where(entry => entry.Value.dtype == ScalarType.Float32)
            .ToDictionary(entry => entry.Key, entry => Values<float>(entry.Value));

    /// <summary>Copies a tensor's elements, row-major, to a managed array (from any device, views included).</summary>
    public static T[] Values<T>(Tensor tensor)
        where T : unmanaged
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().contiguous().data<T>().ToArray();
    }
}
