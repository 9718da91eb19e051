using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>Real inputs for the export tests: Fashion-MNIST test images and the churn table, and model preparation.</summary>
internal static class OnnxTestData
{
    public const string FashionImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    /// <summary>The Fashion-MNIST training set's pixel mean and standard deviation on the raw 0–255 scale.</summary>
    public const float FashionMean = 72.94035f;

    /// <summary>See <see cref="FashionMean"/>.</summary>
    public const float FashionStandardDeviation = 90.02118f;

    public static IReadOnlyList<int> FashionShape { get; } = [1, 28, 28];

    public static IReadOnlyList<string> FashionLabels { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly Lazy<IdxImages> s_images = new(() => IdxReader.ReadImages(FashionImages));

    private static readonly Lazy<(TabularPreprocessor Preprocessor, TabularFrame Frame)> s_churn = new(() =>
    {
        var frame = TabularDataLoader.LoadCsv(
            Path.Combine(AppContext.BaseDirectory, "TestData", "churn-200.csv"),
            new TabularLoadOptions { LabelColumn = "Churn", IgnoreColumns = ["CustomerId"] });
        return (TabularPreprocessor.Fit(frame), frame);
    });

    public static OnnxInputNormalization FashionNormalization { get; } = new([FashionMean], [FashionStandardDeviation]);

    public static TabularPreprocessor ChurnPreprocessor => s_churn.Value.Preprocessor;

    /// <summary>Raw pixels of <paramref name="count"/> test images from <paramref name="first"/>, [count, 1, 28, 28].</summary>
    public static float[] FashionPixels(int first, int count)
    {
        var images = s_images.Value;
        var size = images.Height * images.Width;
        return images.Pixels.AsSpan(first * size, count * size).ToArray().Select(pixel => (float)pixel).ToArray();
    }

    /// <summary>A batch of images: raw pixels for ONNX, standardized pixels ((x − mean) / std, float32) for NasML.</summary>
    public static OnnxBatch FashionBatch(int first, int count)
    {
        var raw = FashionPixels(first, count);
        return new OnnxBatch(count, raw, raw.Select(pixel => (pixel - FashionMean) / FashionStandardDeviation).ToArray());
    }

    /// <summary>
    /// A batch of images of any shape [C, H, W] made of real Fashion-MNIST pictures: channel c of sample n is test image
    /// first + n·C + c, resized to H × W by nearest neighbour.
    /// </summary>
    public static OnnxBatch ImageBatch(IReadOnlyList<int> shape, int first, int count)
    {
        var (channels, height, width) = (shape[0], shape[1], shape[2]);
        var images = s_images.Value;
        var raw = new float[count * channels * height * width];
        var index = 0;
        for (var sample = 0; sample < count; sample++)
        {
            for (var channel = 0; channel < channels; channel++)
            {
                var image = first + (sample * channels) + channel;
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var sourceY = y * images.Height / height;
                        var sourceX = x * images.Width / width;
                        raw[index++] = images.Pixels[(image * images.Height * images.Width) + (sourceY * images.Width) + sourceX];
                    }
                }
            }
        }

        return new OnnxBatch(count, raw, raw.Select(pixel => (pixel - FashionMean) / FashionStandardDeviation).ToArray());
    }

    /// <summary>The usual two batches: 17 images and, from elsewhere in the test set, one.</summary>
    public static IReadOnlyList<OnnxBatch> FashionBatches() => [FashionBatch(0, 17), FashionBatch(4321, 1)];

    /// <summary>
    /// A batch of churn rows: for ONNX encoded by <see cref="OnnxTabularInput"/> (raw numbers, NaN when missing), for
    /// NasML transformed by the fitted preprocessor (imputed, standardized, one-hot).
    /// </summary>
    public static OnnxBatch ChurnBatch(int first, int count)
    {
        var (preprocessor, frame) = s_churn.Value;
        var rows = frame.SelectRows(Enumerable.Range(first, count).ToArray());
        return new OnnxBatch(count, OnnxTabularInput.Encode(preprocessor, rows), preprocessor.Transform(rows).Features);
    }

    /// <summary>17 rows (which include missing values) and one more.</summary>
    public static IReadOnlyList<OnnxBatch> ChurnBatches() => [ChurnBatch(0, 17), ChurnBatch(150, 1)];

    /// <summary>
    /// Puts every batch normalisation in a trained-looking state: random γ and β, then a few training-mode passes over
    /// real batches so the running statistics are the activations' real statistics. Ends in evaluation mode.
    /// </summary>
    public static T WithTrainedBatchNorm<T>(T model, OnnxBatch batch, IReadOnlyList<int> sampleShape)
        where T : nn.Module<Tensor, Tensor>
    {
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            foreach (var module in model.modules())
            {
                if (module is BatchNorm { weight: { } weight, bias: { } bias })
                {
                    weight.copy_(torch.rand(weight.shape).add(0.5));
                    bias.copy_(torch.randn(bias.shape).mul(0.3));
                }
            }

            model.train();
            var input = torch.tensor(batch.Preprocessed, [batch.Count, .. sampleShape.Select(d => (long)d)]);
            for (var pass = 0; pass < 3; pass++)
            {
                model.call(input);
            }
        }

        model.eval();
        return model;
    }

    /// <summary>Multiplies every parameter named <c>weight</c> of the given layers by <paramref name="factor"/>, to widen activation ranges.</summary>
    public static void ScaleWeights(nn.Module layer, double factor)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in layer.named_parameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                parameter.mul_(factor);
            }
        }
    }
}
