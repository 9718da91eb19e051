using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Nas.Trainers.Tests.EndToEnd;

/// <summary>Runs a sample program of samples/ as a child process, as a user would, and collects its output.</summary>
internal static class SampleProcess
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Runs samples/<paramref name="sample"/> with <paramref name="arguments"/>; at most five minutes.</summary>
    /// <returns>The exit code and standard output followed by standard error.</returns>
    public static async Task<(int ExitCode, string Log)> RunAsync(string sample, IEnumerable<string> arguments)
    {
        // The solution build (./build.sh test) has built the sample already: run its DLL; else build and run it.
        var root = RepositoryRoot();
        var artifacts = Environment.GetEnvironmentVariable("NASML_ARTIFACTS");
        var built = string.IsNullOrEmpty(artifacts)
            ? Path.Combine(root, "samples", sample, "bin", Configuration, "net10.0", sample + ".dll")
            : Path.Combine(artifacts, "bin", sample, Configuration.ToLowerInvariant(), sample + ".dll");
        string[] command = File.Exists(built)
            ? [built]
            : ["run", "--project", Path.Combine(root, "samples", sample), "-c", Configuration, "--"];
        return await RunDotnetAsync(Environment.CurrentDirectory, command.Concat(arguments), TimeSpan.FromMinutes(5));
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    /// <returns>The exit code and standard output followed by standard error.</returns>
    public static async Task<(int ExitCode, string Log)> RunDotnetAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return (process.ExitCode, await standardOutput + await standardError);
    }

    /// <summary>The folder holding NasML.sln, found upwards from this source file.</summary>
    public static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NasML.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No NasML.sln above {sourceFile}.");
    }
}
