using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Storage;

namespace Microsoft.ML.Nas.Tests.Experiments;

/// <summary>
/// Kills a child process running an experiment (test/Microsoft.ML.Nas.CrashHost) with SIGKILL at seeded random points,
/// restarts it until it finishes, and checks the checkpoint holds exactly the trials of an uninterrupted run.
/// </summary>
public sealed class CrashResumeTests : IDisposable
{
    // Enough trials (of up to 9 steps of 10 ms) that the planned kills (each after 1-3 trial starts plus up to 15 ms) land before the end.
    private const int MaxTrials = 40;
    private const int StepDelayMilliseconds = 10;
    private static readonly TimeSpan s_processTimeout = TimeSpan.FromSeconds(60);

    private readonly string _referencePath = EngineTestKit.TempDatabasePath();
    private readonly string _crashedPath = EngineTestKit.TempDatabasePath();

    public void Dispose()
    {
        foreach (var path in new[] { _referencePath, _crashedPath })
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task KilledAtRandomPointsAndRestarted_EndsWithEveryTrialOnceIdenticalToAnUninterruptedRun()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_referencePath)!);
        var (referenceExit, _) = await RunHostAsync(_referencePath, killAfterRunningLines: null, killDelayMilliseconds: 0);
        Assert.Equal(0, referenceExit);
        var reference = Describe(_referencePath);
        Assert.Equal(Enumerable.Range(0, reference.Count), reference.Select(r => r.TrialId));
        Assert.Contains(reference, r => r.Status == TrialStatus.Rejected);
        Assert.Contains(reference, r => r.Status == TrialStatus.Pruned);
        Assert.Contains(reference, r => r.Status == TrialStatus.Failed);

        var random = new Random(20261121);
        var kills = 0;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            int? killAfter = kills < 3 ? random.Next(1, 4) : null;
            var (exitCode, killed) = await RunHostAsync(_crashedPath, killAfter, random.Next(0, 15));
            if (!killed)
            {
                Assert.Equal(0, exitCode);
                break;
            }

            kills++;

            // Whatever was committed before the kill is a prefix of the uninterrupted run, plus at most one Running trial.
            var partial = Describe(_crashedPath);
            var finished = partial.Where(r => r.Status != TrialStatus.Running).ToList();
            Assert.Equal(reference.Take(finished.Count), finished);
            Assert.True(partial.Count - finished.Count <= 1);
        }

        // Three kills are planned; on a fast machine the child can finish a resumed run before the parent has read
        // enough of its output to kill it again, so at least one kill is what the test can guarantee.
        Assert.True(kills >= 1, $"expected the child to be killed at least once, got {kills} kills");
        Assert.Equal(reference, Describe(_crashedPath));
    }

    /// <summary>A trial as the comparison sees it: everything except the wall-clock duration.</summary>
    private sealed record StoredTrial(int TrialId, TrialStatus Status, string Parameter, double Loss, string IntermediateValues, string? Message);

    private static List<StoredTrial> Describe(string path)
    {
        using var store = new SqliteTrialStore(path);
        return [.. store.LoadTrials().Select(r => new StoredTrial(
            r.TrialId,
            r.Status,
            r.Result.TrialSettings.Parameter!.ToJson(),
            r.Result.Loss,
            string.Join(",", r.Result.IntermediateValues.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            r.Result.Message))];
    }

    /// <summary>
    /// Runs the host; when <paramref name="killAfterRunningLines"/> is set, kills it with SIGKILL that many "running"
    /// lines (trial starts) plus <paramref name="killDelayMilliseconds"/> later. Returns the exit code and whether it was killed.
    /// </summary>
    private static async Task<(int ExitCode, bool Killed)> RunHostAsync(string checkpoint, int? killAfterRunningLines, int killDelayMilliseconds)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "CrashHost", "Microsoft.ML.Nas.CrashHost.dll");
        Assert.True(File.Exists(host), $"The crash host was not copied next to the tests: {host}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { host, checkpoint, MaxTrials.ToString(CultureInfo.InvariantCulture), StepDelayMilliseconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(s_processTimeout);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        var runningLines = 0;
        var killed = false;
        var output = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.Add(line);
            if (killAfterRunningLines is { } killAfter && line.Contains(" running ", StringComparison.Ordinal) && ++runningLines == killAfter)
            {
                await Task.Delay(killDelayMilliseconds, timeout.Token);
                process.Kill(); // SIGKILL on Unix
                killed = true;
                break;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        var standardError = await errors;
        if (!killed && process.ExitCode != 0)
        {
            Assert.Fail($"The crash host exited with {process.ExitCode}:\n{string.Join('\n', output)}\n{standardError}");
        }

        return (process.ExitCode, killed && !output.Any(l => l.StartsWith("done", StringComparison.Ordinal)));
    }
}
