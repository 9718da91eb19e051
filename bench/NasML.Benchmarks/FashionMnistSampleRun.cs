using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NasML.Benchmarks;

/// <summary>
/// Runs the Fashion-MNIST sample (samples/FashionMnistNas) as a child process, echoing its output, and collects the
/// resident memory it prints after every trial (<c>trial N …(rss X MB)</c>).
/// </summary>
internal sealed partial class FashionMnistSampleRun
{
    private readonly List<(int TrialId, double Megabytes)> _rssAfterTrial = [];

    private FashionMnistSampleRun()
    {
    }

    /// <summary>Gets the trial id and the resident memory in MB printed after each finished trial, in the order they finished.</summary>
    public IReadOnlyList<(int TrialId, double Megabytes)> RssAfterTrial => _rssAfterTrial;

    /// <summary>Gets the child's exit code.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Gets the child's wall time.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Runs the sample's DLL with <paramref name="arguments"/> and waits for it.</summary>
    public static async Task<FashionMnistSampleRun> RunAsync(string sampleDll, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(sampleDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"$ dotnet {sampleDll} {string.Join(' ', arguments)}");
        var run = new FashionMnistSampleRun();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, line) => run.OnLine(line.Data);
        process.ErrorDataReceived += (_, line) => run.OnLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync().ConfigureAwait(false);
        run.ExitCode = process.ExitCode;
        run.Elapsed = clock.Elapsed;
        return run;
    }

    /// <summary>Finds the sample's DLL built beside this benchmark (repository layout or <c>NASML_ARTIFACTS</c> layout).</summary>
    public static string? FindSampleDll()
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configurationFolder = Path.GetFileName(baseDirectory);
        var candidates = new List<string>
        {
            // NASML_ARTIFACTS layout: <artifacts>/bin/NasML.Benchmarks/release/ next to <artifacts>/bin/FashionMnistNas/release/.
            Path.Combine(baseDirectory, "..", "..", "FashionMnistNas", configurationFolder, "FashionMnistNas.dll"),
        };

        // Repository layout: bench/NasML.Benchmarks/bin/Release/net10.0/ and samples/FashionMnistNas/bin/Release/net10.0/.
        var folder = new DirectoryInfo(baseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NasML.sln")))
        {
            folder = folder.Parent;
        }

        if (folder is not null)
        {
            var configuration = new DirectoryInfo(baseDirectory).Parent?.Name ?? "Release";
            candidates.Add(Path.Combine(folder.FullName, "samples", "FashionMnistNas", "bin", configuration, "net10.0", "FashionMnistNas.dll"));
        }

        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
    }

    [GeneratedRegex(@"trial (\d+) (?:completed|pruned|failed).*\(rss ([0-9.]+) MB\)", RegexOptions.CultureInvariant)]
    private static partial Regex TrialRssLine();

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Console.WriteLine($"  | {line}");
        var match = TrialRssLine().Match(line);
        if (match.Success)
        {
            lock (_rssAfterTrial)
            {
                _rssAfterTrial.Add((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
        }
    }
}
