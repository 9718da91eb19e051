using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

[Collection(TorchTests.CollectionName)]
public sealed class BatchNormFoldingTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(false, 4)]
    public void Fold_ConvolutionAndTrainedBatchNorm_ComputesTheSameAsBothLayersInEvaluationMode(bool bias, int groups)
    {
        LibTorch.ManualSeed(21);
        var batch = OnnxTestData.FashionBatch(0, 17);
        using var model = OnnxTestData.WithTrainedBatchNorm(
            new Sequential(new Conv2d(1, 4, 3, padding: 1), new Conv2d(4, 8, 3, stride: 2, padding: 1, groups: groups, bias: bias), new BatchNorm2d(8, eps: 1e-3)),
            batch,
            OnnxTestData.FashionShape);
        var convolution = (Conv2d)model[1];
        var batchNorm = (BatchNorm2d)model[2];

        using var folded = BatchNormFolding.Fold(convolution, batchNorm);
        using var noGrad = new NoGradScope();
        using var input = Tensor.FromArray(batch.Preprocessed, 17, 1, 28, 28);
        using var stem = model[0].Forward(input);
        using var convolved = convolution.Forward(stem);
        using var expected = batchNorm.Forward(convolved);
        using var actual = folded.Forward(stem);

        Assert.False(folded.IsTraining);
        Assert.NotNull(folded.Bias);
        var difference = OnnxVerifier.MaxAbsoluteDifference(expected.ToArray<float>(), actual.ToArray<float>());
        Assert.True(difference < 1e-5, $"max |folded − conv+BN| = {difference}");
        Assert.True(expected.ToArray<float>().Max(Math.Abs) > 0.5f, "the check needs non-trivial outputs");
    }

    [Fact]
    public void Fold_LeavesTheLayersUnchanged()
    {
        LibTorch.ManualSeed(22);
        using var convolution = new Conv2d(2, 3, 3);
        using var batchNorm = new BatchNorm2d(3);
        var weight = convolution.Weight.ToArray<float>();

        using var folded = BatchNormFolding.Fold(convolution, batchNorm);

        Assert.Equal(weight, convolution.Weight.ToArray<float>());
        Assert.NotSame(convolution.Weight, folded.Weight);
    }

    [Fact]
    public void Fold_BatchNormWithoutRunningStatistics_Throws()
    {
        using var convolution = new Conv2d(2, 3, 3);
        using var batchNorm = new BatchNorm2d(3, trackRunningStats: false);

        var error = Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(convolution, batchNorm));

        Assert.Contains("running statistics", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_ChannelMismatch_Throws()
    {
        using var convolution = new Conv2d(2, 3, 3);
        using var batchNorm = new BatchNorm2d(4);

        var error = Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(convolution, batchNorm));

        Assert.Contains("4 channels but the convolution has 3 output channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ReleasesEveryTensorItCreates()
    {
        using var model = OnnxExporterTests.SmallCnn();
        var path = Path.Combine(Path.GetTempPath(), $"nasml-onnx-leak-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, OnnxExporterTests.ImageOptions(), path);
        var before = Tensor.LiveCount;

        OnnxExporter.Export(model, OnnxExporterTests.ImageOptions(), path);

        Assert.Equal(before, Tensor.LiveCount);
        File.Delete(path);
    }
}
