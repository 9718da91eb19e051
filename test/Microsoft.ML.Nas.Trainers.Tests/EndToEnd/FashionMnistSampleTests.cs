using System.Diagnostics;
using System.Runtime.CompilerServices;
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
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            // The solution build (./build.sh test) has built the sample already: run its DLL; else build and run it.
            var root = RepositoryRoot();
            var artifacts = Environment.GetEnvironmentVariable("NASML_ARTIFACTS");
            var built = string.IsNullOrEmpty(artifacts)
                ? Path.Combine(root, "samples", "FashionMnistNas", "bin", configuration, "net10.0", "FashionMnistNas.dll")
                : Path.Combine(artifacts, "bin", "FashionMnistNas", configuration.ToLowerInvariant(), "FashionMnistNas.dll");
            string[] command = File.Exists(built)
                ? [built]
                : ["run", "--project", Path.Combine(root, "samples", "FashionMnistNas"), "-c", configuration, "--"];
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var onnx = Path.Combine(output.FullName, "onnx", "model.onnx");
            foreach (var argument in command.Concat(["--quick", "--out", output.FullName, "--onnx", onnx]))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            var log = await standardOutput + await standardError;

            Assert.True(process.ExitCode == 0, log);
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

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NasML.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No NasML.sln above {sourceFile}.");
    }
}
