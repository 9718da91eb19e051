using System.Text.Json.Nodes;

namespace Microsoft.ML.Nas.Trainers.Tests.EndToEnd;

/// <summary>samples/ChurnNas runs its MLP search on its shipped CSV and writes what it promises.</summary>
[Collection(EndToEndData.CollectionName)]
public sealed class ChurnNasSampleTests
{
    [Fact]
    public async Task Sample_ShortRunWithOutAndOnnx_WritesAModelAReportAndAnOnnxFile()
    {
        var output = Directory.CreateTempSubdirectory("nasml-churn-sample-");
        try
        {
            var onnx = Path.Combine(output.FullName, "churn.onnx");
            var (exitCode, log) = await RunSampleAsync(["--time", "60", "--max-trials", "6", "--out", output.FullName, "--onnx", onnx]);

            Assert.True(exitCode == 0, log);
            Assert.Contains("Leaderboard", log, StringComparison.Ordinal);
            Assert.Contains("Test accuracy", log, StringComparison.Ordinal);
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "report.json")))!.AsObject();
            Assert.Equal("Classification", report["task"]!.GetValue<string>());
            Assert.True(report["testAccuracy"]!.GetValue<double>() > 0.72, log); // 71.25 % of the test rows are "No"
            Assert.StartsWith("MLP", report["architecture"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(6, report["trials"]!.GetValue<int>());
            Assert.True(report["finalTrainingEpochs"]!.GetValue<int>() >= 1);
            Assert.True(new FileInfo(onnx).Length > 0);
            using var model = NasContext.LoadModel(Path.Combine(output.FullName, "model.nasml"));
            Assert.Equal(["No", "Yes"], model.ClassNames!);
            Assert.NotNull(model.TabularPreprocessor);
            Assert.DoesNotContain(model.TabularPreprocessor!.Columns, column => column.Name == "CustomerId");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Sample_UnknownLabel_ExitsWithTheLoadersMessage()
    {
        var (exitCode, log) = await RunSampleAsync(["--label", "churn", "--max-trials", "1"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Did you mean 'Churn'?", log, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedCsv_IsTheCheckedInChurnTestTable()
    {
        var shipped = Path.Combine(SampleProcess.RepositoryRoot(), "samples", "ChurnNas", "churn.csv");
        var checkedIn = Path.Combine(AppContext.BaseDirectory, "TestData", "churn-2000.csv");

        Assert.Equal(File.ReadAllBytes(checkedIn), File.ReadAllBytes(shipped));
    }

    private static Task<(int ExitCode, string Log)> RunSampleAsync(IEnumerable<string> arguments) =>
        SampleProcess.RunAsync("ChurnNas", arguments);
}
