using System.Text.Json.Nodes;

namespace Microsoft.ML.Nas.Trainers.Tests.EndToEnd;

[Collection(EndToEndData.CollectionName)]
public sealed class FashionMnistSampleTests
{
    [Fact]
    public async Task Sample_QuickRunWithOutAndOnnx_WritesAModelAReportAndAnOnnxFile()
    {
        var output = Directory.CreateTempSubdirectory("nasml-sample-");
        try
        {
            var onnx = Path.Combine(output.FullName, "onnx", "model.onnx");
            var (exitCode, log) = await SampleProcess.RunAsync("FashionMnistNas", ["--quick", "--out", output.FullName, "--onnx", onnx]);

            Assert.True(exitCode == 0, log);
            Assert.Contains("Leaderboard", log, StringComparison.Ordinal);
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "report.json")))!.AsObject();
            Assert.True(report["testAccuracy"]!.GetValue<double>() > 0.5, log);
            Assert.True(report["latencyMilliseconds"]!.GetValue<double>() > 0);
            Assert.True(report["parameters"]!.GetValue<long>() is > 0 and <= 250_000);
            Assert.True(report["macs"]!.GetValue<long>() > 0);
            Assert.False(string.IsNullOrEmpty(report["architecture"]!.GetValue<string>()));
            Assert.True(report["trials"]!.GetValue<int>() >= 1);
            using var model = NasContext.LoadModel(Path.Combine(output.FullName, "model.nasml"));
            Assert.Equal(10, model.ClassNames!.Count);
            Assert.True(report["finalTrainingEpochs"]!.GetValue<int>() >= 1);
            Assert.True(new FileInfo(onnx).Length > 0, log);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
