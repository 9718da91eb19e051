using System.Globalization;
using Microsoft.ML.Nas.Trainers.Tests.EndToEnd;

namespace Microsoft.ML.Nas.Trainers.Tests.Packaging;

/// <summary>
/// The proof that <c>dotnet add package</c> works: the two libraries are packed, installed from a local folder feed
/// into a fresh console project outside the repository (no Directory.Build files of ours around it), and the
/// project runs the README's table search. On a host with an older libstdc++ this also proves that the host step
/// travels with the package (TorchSharp would not load otherwise).
/// </summary>
public sealed class PackageInstallTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // The README's table search with a trial cap beside its time budget, so that a loaded CI machine ends it by trials,
    // not by a budget the first trial did not fit in (seen once with 15 s and a parallel test run).
    private const string Program = """
        using Microsoft.ML.Nas.Trainers;
        using Microsoft.ML.Nas.Trainers.Data;
        using TorchSharp;

        var nas = new NasContext(seed: 1);
        var table = nas.Data.LoadCsv("churn.csv", new TabularLoadOptions { LabelColumn = "Churn", IgnoreColumns = ["CustomerId"] });
        var split = nas.Data.TrainTestSplit(table, testFraction: 0.2);
        using var result = await nas.Auto()
            .NeuralArchitecture(split.TrainSet, new NeuralArchitectureOptions { TestData = split.TestSet })
            .SetTrainingTimeInSeconds(120)
            .SetMaxTrials(3)
            .RunAsync();
        torch.nn.Module<torch.Tensor, torch.Tensor> network = result.BestModel.Module;
        Console.WriteLine($"parameters {network.parameters().Sum(parameter => parameter.numel())}");
        Console.WriteLine($"accuracy {result.TestMetrics!.Accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        """;

    [Fact]
    public async Task PackedLibraries_InstalledInAFreshConsoleProject_RunTheReadmeSearch()
    {
        var root = SampleProcess.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("nasml-package-");
        try
        {
            // A version of its own, so the global package cache never serves an earlier test's package.
            var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            var feed = Path.Combine(work.FullName, "feed");
            foreach (var project in new[] { "Microsoft.ML.Nas", "Microsoft.ML.Nas.Trainers" })
            {
                var pack = await RunAsync(
                    root,
                    "pack", Path.Combine(root, "src", project, project + ".csproj"), "-c", Configuration, "-nologo", "-o", feed, "-p:Version=" + version);
                Assert.True(pack.ExitCode == 0, pack.Log);
            }

            var trainers = Path.Combine(feed, $"Microsoft.ML.Nas.Trainers.{version}.nupkg");
            using (var package = System.IO.Compression.ZipFile.OpenRead(trainers))
            {
                var entries = package.Entries.Select(entry => entry.FullName).ToList();
                Assert.Contains("buildTransitive/Microsoft.ML.Nas.Trainers.targets", entries);
                Assert.Contains("README.md", entries);
                Assert.Contains("lib/net10.0/Microsoft.ML.Nas.Trainers.xml", entries);
            }

            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "app")).FullName;
            await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.ML.Nas.Trainers" Version="{version}" />
                    <None Include="churn.csv" CopyToOutputDirectory="PreserveNewest" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="nasml-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);
            File.Copy(Path.Combine(root, "test", "Microsoft.ML.Nas.Trainers.Tests", "TestData", "churn-2000.csv"), Path.Combine(app, "churn.csv"));

            var build = await RunAsync(app, "build", "-c", "Release", "-nologo", "-v:q");
            Assert.True(build.ExitCode == 0, build.Log);
            var run = await RunAsync(app, "bin/Release/net10.0/app.dll");

            Assert.True(run.ExitCode == 0, run.Log);
            var accuracyLine = run.Log.Split('\n').Single(line => line.StartsWith("accuracy ", StringComparison.Ordinal));
            var accuracy = double.Parse(accuracyLine["accuracy ".Length..], CultureInfo.InvariantCulture);
            Assert.InRange(accuracy, 0.5, 1.0);
            Assert.Contains("parameters ", run.Log, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Task<(int ExitCode, string Log)> RunAsync(string workingDirectory, params string[] arguments) =>
        SampleProcess.RunDotnetAsync(workingDirectory, arguments, TimeSpan.FromMinutes(8));
}
