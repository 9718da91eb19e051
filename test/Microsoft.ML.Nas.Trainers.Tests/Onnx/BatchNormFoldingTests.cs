using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

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
        torch.manual_seed(21);
        var batch = OnnxTestData.FashionBatch(0, 17);
        var stemLayer = nn.Conv2d(1, 4, 3, padding: 1);
        var convolution = nn.Conv2d(4, 8, 3, stride: 2, padding: 1, groups: groups, bias: bias);
        var batchNorm = nn.BatchNorm2d(8, eps: 1e-3);
        using var model = OnnxTestData.WithTrainedBatchNorm(nn.Sequential(stemLayer, convolution, batchNorm), batch, OnnxTestData.FashionShape);

        using var folded = BatchNormFolding.Fold(convolution, batchNorm);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var stem = stemLayer.call(torch.tensor(batch.Preprocessed, 17, 1, 28, 28));
        var expected = batchNorm.call(convolution.call(stem)).data<float>().ToArray();
        var actual = folded.call(stem).data<float>().ToArray();

        Assert.False(folded.training);
        Assert.NotNull(folded.bias);
        var difference = OnnxVerifier.MaxAbsoluteDifference(expected, actual);
        Assert.True(difference < 1e-5, $"max |folded − conv+BN| = {difference}");
        Assert.True(expected.Max(Math.Abs) > 0.5f, "the check needs non-trivial outputs");
    }

    [Fact]
    public void Fold_LeavesTheLayersUnchanged()
    {
        torch.manual_seed(22);
        using var convolution = nn.Conv2d(2, 3, 3);
        using var batchNorm = nn.BatchNorm2d(3);
        var weight = convolution.weight.data<float>().ToArray();

        using var folded = BatchNormFolding.Fold(convolution, batchNorm);

        Assert.Equal(weight, convolution.weight.data<float>().ToArray());
        Assert.NotSame(convolution.weight, folded.weight);
    }

    [Fact]
    public void Fold_BatchNormWithoutRunningStatistics_Throws()
    {
        using var convolution = nn.Conv2d(2, 3, 3);
        using var batchNorm = nn.BatchNorm2d(3, track_running_stats: false);

        var error = Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(convolution, batchNorm));

        Assert.Contains("running statistics", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_ChannelMismatch_Throws()
    {
        using var convolution = nn.Conv2d(2, 3, 3);
        using var batchNorm = nn.BatchNorm2d(4);

        var error = Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(convolution, batchNorm));

        Assert.Contains("4 channels but the convolution has 3 output channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_SamePaddingWithEvenKernel_ThrowsSayingAPlainConvolutionCannotHoldIt()
    {
        using var convolution = nn.Conv2d(2, 3, 4, Padding.Same);
        using var batchNorm = nn.BatchNorm2d(3);

        var error = Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(convolution, batchNorm));

        Assert.Contains("pads one side more than the other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ReleasesEveryTensorItCreates()
    {
        using var model = OnnxExporterTests.SmallCnn();
        var path = Path.Combine(Path.GetTempPath(), $"nasml-onnx-leak-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, OnnxExporterTests.ImageOptions(), path);
        // Tensors that other tests left to the finalizer must not be counted down during the measured export.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = torch.Tensor.TotalCount;

        OnnxExporter.Export(model, OnnxExporterTests.ImageOptions(), path);

        Assert.Equal(before, torch.Tensor.TotalCount);
        File.Delete(path);
    }
}
