using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using Microsoft.ML.Nas.Trainers.Training;
using Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>
/// <see cref="NasModel"/>s exported with <c>ExportOnnx</c>: ONNX Runtime on raw inputs gives what the model's own
/// predict methods give (image normalization on the [0, 1] scale, tabular preprocessing, target standardization).
/// </summary>
[Collection(TorchTests.CollectionName)]
public sealed class NasModelExportTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-nasmodel-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ExportOnnx_ImageClassifier_GivesPredictProbabilitiesOnRawPixels()
    {
        torch.manual_seed(31);
        var batch = OnnxTestData.FashionBatch(0, 17);
        var network = OnnxTestData.WithTrainedBatchNorm(
            nn.Sequential(nn.Conv2d(1, 6, 3, padding: 1), nn.BatchNorm2d(6), nn.ReLU6(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(6 * 14 * 14, 10)),
            batch,
            OnnxTestData.FashionShape);
        using var model = new NasModel(
            network, """{"kind":"test-cnn"}""", TrainingTask.Classification, [1, 28, 28], OnnxTestData.FashionLabels,
            imageNormalization: new ImageNormalization([0.2860], [0.3530]));
        var path = Path.Combine(_directory, "image.onnx");

        model.ExportOnnx(path);

        var expected = model.PredictProbabilities(batch.Raw).SelectMany(row => row).ToArray();
        var actual = Run(path, batch.Raw, [17, 1, 28, 28]).Outputs[OnnxExporter.ProbabilitiesName].Values;
        AssertClose(expected, actual);
        var metadata = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).MetadataProps.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("""{"kind":"test-cnn"}""", metadata[OnnxMetadataKeys.Architecture]);
        Assert.Contains("\"Ankle boot\"", metadata[OnnxMetadataKeys.ClassLabels], StringComparison.Ordinal);
    }

    [Fact]
    public void ExportOnnx_TabularRegressor_GivesPredictValuesInTargetUnits()
    {
        torch.manual_seed(32);
        var preprocessor = OnnxTestData.ChurnPreprocessor;
        var rows = OnnxTestData.ChurnBatch(0, 17);
        var network = OnnxTestData.WithTrainedBatchNorm(
            nn.Sequential(nn.Linear(preprocessor.FeatureCount, 16), nn.BatchNorm1d(16), nn.GELU(), nn.Linear(16, 1)),
            rows,
            [preprocessor.FeatureCount]);
        using var model = new NasModel(
            network, "{}", TrainingTask.Regression, [preprocessor.FeatureCount],
            targetStandardization: new TargetStandardization(64.5, 29.75), tabularPreprocessor: preprocessor);
        var path = Path.Combine(_directory, "table.onnx");

        model.ExportOnnx(path);

        var expected = model.PredictValues(rows.Preprocessed);
        var actual = Run(path, rows.Raw, [17, preprocessor.FeatureCount]).Outputs[OnnxExporter.ScoreName].Values;
        AssertClose(expected, actual);
        Assert.True(expected.Max(Math.Abs) > 10, "the restored targets are in the targets' units");
        var metadata = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).MetadataProps.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(preprocessor.FeatureNames, System.Text.Json.JsonSerializer.Deserialize<string[]>(metadata[OnnxMetadataKeys.FeatureNames]));
        Assert.Equal("regression", metadata[OnnxMetadataKeys.Task]);
    }

    [Fact]
    public void CreateOnnxExportOptions_DescribesTheModel()
    {
        using var model = new NasModel(
            nn.Sequential(nn.Flatten(), nn.Linear(784, 3)), "{}", TrainingTask.Classification, [1, 28, 28], ["a", "b", "c"],
            imageNormalization: new ImageNormalization([0.5], [0.25]));

        var options = model.CreateOnnxExportOptions();

        Assert.Equal([1, 28, 28], options.InputShape);
        Assert.Equal(["a", "b", "c"], options.ClassLabels!);
        Assert.Equal(127.5f, options.InputNormalization!.Mean[0], 3);
        Assert.Equal(63.75f, options.InputNormalization.StandardDeviation[0], 3);
        Assert.Equal("{}", options.ArchitectureJson);
    }

    private OnnxRunResult Run(string path, float[] input, long[] dimensions)
    {
        var result = OnnxRuntimeRunner.Run([new OnnxRunCase("case", path, input, dimensions)], _directory)["case"];
        Assert.Null(result.Error);
        return result;
    }

    private void AssertClose(float[] expected, float[] actual)
    {
        var difference = OnnxVerifier.MaxAbsoluteDifference(expected, actual);
        output.WriteLine($"max |ONNX Runtime − NasModel| = {difference:E2}; first values {string.Join(", ", expected.Take(3))} vs {string.Join(", ", actual.Take(3))}");
        Assert.True(difference <= OnnxVerifier.Tolerance, $"max |ONNX Runtime − NasModel| = {difference}");
    }
}
