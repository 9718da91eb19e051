using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Torch.Optim;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Tests.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.EngineSmoke;

/// <summary>
/// The libtorch engine end to end with nothing but the binding: a small CNN trained with a hand-written loop (scoped
/// steps, native batch gathering, SGD) learns Fashion-MNIST.
/// </summary>
[Collection(TorchTests.CollectionName)]
public sealed class SmallCnnLearnsFashionMnistTests
{
    private const string DataDirectory = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void OneEpochOnASubset_LossFallsAndTestAccuracyIsAbove80Percent()
    {
        var liveBefore = Tensor.LiveCount;
        LibTorch.ManualSeed(7);
        var trainImages = IdxReader.ReadImages(Path.Combine(DataDirectory, "train-images-idx3-ubyte.gz"));
        var trainLabels = IdxReader.ReadLabels(Path.Combine(DataDirectory, "train-labels-idx1-ubyte.gz"));
        var testImages = IdxReader.ReadImages(Path.Combine(DataDirectory, "t10k-images-idx3-ubyte.gz"));
        var testLabels = IdxReader.ReadLabels(Path.Combine(DataDirectory, "t10k-labels-idx1-ubyte.gz"));
        const int TrainCount = 12_000;
        const int TestCount = 2_000;
        const int BatchSize = 64;

        using var trainX = Images(trainImages, TrainCount);
        using var trainY = Tensor.FromArray(trainLabels.Take(TrainCount).Select(label => (long)label).ToArray());
        using var testX = Images(testImages, TestCount);
        using var model = new Sequential(
            new Conv2d(1, 16, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(32 * 7 * 7, 10));
        using var optimizer = new Sgd(model.Parameters(), learningRate: 0.05, momentum: 0.9);

        var losses = new List<double>();
        using (var order = Tensor.RandPerm(TrainCount))
        {
            for (long start = 0; start < TrainCount; start += BatchSize)
            {
                using var scope = DisposeScope.Begin();
                var index = order.Slice(0, start, Math.Min(start + BatchSize, TrainCount));
                optimizer.ZeroGrad();
                var loss = Losses.CrossEntropy(model.Forward(trainX.IndexSelect(0, index)), trainY.IndexSelect(0, index));
                loss.Backward();
                optimizer.Step();
                losses.Add(loss.ToDouble());
            }
        }

        long[] predicted;
        model.Eval();
        using (LibTorch.NoGrad())
        using (DisposeScope.Begin())
        {
            predicted = model.Forward(testX).ArgMax(1, keepDimensions: false).ToArray<long>();
        }

        var accuracy = predicted.Where((label, i) => label == testLabels[i]).Count() / (double)TestCount;
        var firstLosses = losses.Take(20).Average();
        var lastLosses = losses.TakeLast(20).Average();
        Assert.True(lastLosses < firstLosses / 2, $"loss fell only from {firstLosses:F3} to {lastLosses:F3}");
        Assert.True(accuracy > 0.80, $"test accuracy after one epoch on {TrainCount} images: {accuracy:P1}");

        model.Dispose();
        optimizer.Dispose();
        trainX.Dispose();
        trainY.Dispose();
        testX.Dispose();
        Assert.Equal(liveBefore, Tensor.LiveCount);
    }

    private static Tensor Images(IdxImages images, int count)
    {
        using var pixels = Tensor.FromSpan<byte>(
            images.Pixels.AsSpan(0, count * images.Height * images.Width), [count, 1, images.Height, images.Width]);
        using var floats = pixels.To(ScalarType.Float32);
        return floats.Div(255.0);
    }
}
