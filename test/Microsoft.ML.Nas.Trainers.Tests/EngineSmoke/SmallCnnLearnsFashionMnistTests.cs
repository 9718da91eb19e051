using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.EngineSmoke;

/// <summary>
/// The TorchSharp engine end to end with nothing but TorchSharp: a small CNN trained with a hand-written loop (scoped
/// steps, native batch gathering, SGD) learns Fashion-MNIST.
/// </summary>
[Collection(TorchTests.CollectionName)]
public sealed class SmallCnnLearnsFashionMnistTests
{
    private const string DataDirectory = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void OneEpochOnASubset_LossFallsAndTestAccuracyIsAbove80Percent()
    {
        torch.manual_seed(7);
        var trainImages = IdxReader.ReadImages(Path.Combine(DataDirectory, "train-images-idx3-ubyte.gz"));
        var trainLabels = IdxReader.ReadLabels(Path.Combine(DataDirectory, "train-labels-idx1-ubyte.gz"));
        var testImages = IdxReader.ReadImages(Path.Combine(DataDirectory, "t10k-images-idx3-ubyte.gz"));
        var testLabels = IdxReader.ReadLabels(Path.Combine(DataDirectory, "t10k-labels-idx1-ubyte.gz"));
        const int TrainCount = 12_000;
        const int TestCount = 2_000;
        const int BatchSize = 64;

        var trainX = Images(trainImages, TrainCount);
        var trainY = torch.tensor(trainLabels.Take(TrainCount).Select(label => (long)label).ToArray());
        var testX = Images(testImages, TestCount);
        var model = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 7 * 7, 10));
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.05, momentum: 0.9);

        // Counted from here: TorchSharp's layer constructors leave a few initialisation temporaries to the finalizer.
        var liveBefore = TorchTests.LiveTensors;

        var losses = new List<double>();
        using (var order = torch.randperm(TrainCount))
        {
            for (long start = 0; start < TrainCount; start += BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                var index = order.slice(0, start, Math.Min(start + BatchSize, TrainCount), 1);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(trainX.index_select(0, index)), trainY.index_select(0, index));
                loss.backward();
                optimizer.step();
                losses.Add(loss.item<float>());
            }
        }

        long[] predicted;
        model.eval();
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            predicted = model.forward(testX).argmax(1).data<long>().ToArray();
        }

        var accuracy = predicted.Where((label, i) => label == testLabels[i]).Count() / (double)TestCount;
        var firstLosses = losses.Take(20).Average();
        var lastLosses = losses.TakeLast(20).Average();
        Assert.True(lastLosses < firstLosses / 2, $"loss fell only from {firstLosses:F3} to {lastLosses:F3}");
        Assert.True(accuracy > 0.80, $"test accuracy after one epoch on {TrainCount} images: {accuracy:P1}");

        optimizer.Dispose(); // and with it the momentum buffers
        Assert.Equal(liveBefore, TorchTests.LiveTensors);
        model.Dispose();
        trainX.Dispose();
        trainY.Dispose();
        testX.Dispose();
    }

    private static Tensor Images(IdxImages images, int count)
    {
        using var pixels = torch.tensor(images.Pixels.AsSpan(0, count * images.Height * images.Width).ToArray(), [count, 1, images.Height, images.Width]);
        using var floats = pixels.to_type(ScalarType.Float32);
        return floats.div(255.0);
    }
}
