using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Experiments;

public sealed class NasExperimentResumeTests : IDisposable
{
    private readonly List<string> _paths = [];

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private sealed class XCostModel : ICostModel
    {
        public IReadOnlyDictionary<string, double> Estimate(Parameter parameter) =>
            new Dictionary<string, double> { [CostNames.Parameters] = 1000 * (1 + Math.Abs(parameter["x"].AsType<double>() - 0.2)) };
    }

    /// <summary>
    /// An experiment that exercises every path a resume must replay: a stateful tuner, rejections, failures and ASHA
    /// pruning. The runner cancels <paramref name="cancellation"/> when it reaches <paramref name="cancelAtTrial"/> (once).
    /// </summary>
    private static NasExperiment RichExperiment(string path, Func<SearchSpace, int, ITuner> tuner, CancellationTokenSource? cancellation, int cancelAtTrial)
    {
        var cancelled = false;
        return new NasExperiment()
            .SetSearchSpace(EngineTestKit.Space())
            .SetSeed(11)
            .SetTuner(tuner)
            .SetMaxTrials(24)
            .SetCheckpoint(path)
            .SetCostModel(new XCostModel())
            .SetConstraints(HardwareConstraints.MaxParameters(2000))
            .SetScheduler(() => new AshaScheduler(minFidelity: 1, maxFidelity: 9, reductionFactor: 3))
            .SetTrialRunner(async (context, token) =>
            {
                var loss = EngineTestKit.Sphere(context.Parameter);
                if (loss > 30 || context.TrialId % 7 == 5)
                {
                    throw new InvalidOperationException("too far");
                }

                for (var epoch = 1; epoch <= context.Fidelity; epoch++)
                {
                    if (context.TrialId >= cancelAtTrial && cancelAtTrial >= 0 && epoch == 2 && !cancelled && cancellation is not null)
                    {
                        cancelled = true;
                        await cancellation.CancelAsync();
                    }

                    token.ThrowIfCancellationRequested();
                    context.ReportIntermediate(epoch, loss + (1.0 / epoch));
                }

                return TrialOutcome.FromLoss(loss);
            });
    }

    private string NewPath()
    {
        var path = EngineTestKit.TempDatabasePath();
        _paths.Add(path);
        return path;
    }

    private static List<string> Describe(IEnumerable<TrialRecord> records) =>
        [.. records.Select(r => $"{r.TrialId} {r.Status} {r.Result.TrialSettings.Parameter!.ToJson()} {r.Result.Loss:R} [{string.Join(",", r.Result.IntermediateValues)}] {r.Result.Message}")];

    private static List<string> Describe(string path)
    {
        using var store = new SqliteTrialStore(path);
        return Describe(store.LoadTrials());
    }

    public static TheoryData<string> Tuners() => ["random", "cost-frugal"];

    private static Func<SearchSpace, int, ITuner> TunerNamed(string name) => name == "random"
        ? static (space, seed) => new RandomTuner(space, seed)
        : static (space, seed) => new CostFrugalTuner(space, seed);

    [Theory]
    [MemberData(nameof(Tuners))]
    public async Task RunAsync_InterruptedTwiceAndResumed_EndsWithExactlyTheTrialsOfAnUninterruptedRun(string tunerName)
    {
        var tuner = TunerNamed(tunerName);
        var reference = NewPath();
        var referenceResult = await RichExperiment(reference, tuner, cancellation: null, cancelAtTrial: -1).RunAsync();

        var resumed = NewPath();
        foreach (var cancelAt in new[] { 3, 9 })
        {
            using var cancellation = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => RichExperiment(resumed, tuner, cancellation, cancelAt).RunAsync(cancellation.Token));
            Assert.Equal(TrialStatus.Running, new SqliteTrialStore(resumed).UsingDispose(s => s.LoadTrials()[^1].Status));
        }

        var resumedResult = await RichExperiment(resumed, tuner, cancellation: null, cancelAtTrial: -1).RunAsync();

        var expected = Describe(reference);
        Assert.Equal(expected, Describe(resumed));
        Assert.Contains(expected, line => line.Contains(" Rejected ", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.Contains(" Pruned ", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.Contains(" Failed ", StringComparison.Ordinal));
        Assert.Equal(referenceResult.BestTrial.TrialSettings.TrialId, resumedResult.BestTrial.TrialSettings.TrialId);
        Assert.Equal(referenceResult.Trials.Count, resumedResult.Trials.Count);
    }

    [Fact]
    public async Task RunAsync_FinishedCheckpointWithALargerBudget_ContinuesWhereItStopped()
    {
        var path = NewPath();
        var first = await EngineTestKit.NewExperiment().SetCheckpoint(path).SetMaxTrials(4).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync();
        var calls = 0;

        var second = await EngineTestKit.NewExperiment().SetCheckpoint(path).SetMaxTrials(6)
            .SetTrialRunner((context, token) =>
            {
                calls++;
                return EngineTestKit.SphereRunner(context, token);
            })
            .RunAsync();

        Assert.Equal(2, calls);
        Assert.Equal(Enumerable.Range(0, 6), second.Trials.Select(t => t.TrialSettings.TrialId));
        Assert.Equal(first.Trials.Select(t => t.Loss), second.Trials.Take(4).Select(t => t.Loss));
    }

    [Fact]
    public async Task RunAsync_CheckpointOfAnotherSearchSpace_IsRefusedShowingBothHashes()
    {
        var path = NewPath();
        await EngineTestKit.NewExperiment().SetCheckpoint(path).SetMaxTrials(2).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync();
        var otherSpace = new SearchSpace { { "x", new UniformDoubleOption(-5, 5) }, { "y", new UniformDoubleOption(-5, 6) } };
        var before = File.ReadAllBytes(path);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineTestKit.NewExperiment()
            .SetSearchSpace(otherSpace).SetCheckpoint(path).SetMaxTrials(4).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync());

        Assert.Contains(EngineTestKit.Space().GetStableHash(), exception.Message, StringComparison.Ordinal);
        Assert.Contains(otherSpace.GetStableHash(), exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task RunAsync_ResumeWithADifferentTuner_ReportsWhereTheHistoryDiverged()
    {
        var path = NewPath();
        await EngineTestKit.NewExperiment().SetCheckpoint(path).SetMaxTrials(3).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineTestKit.NewExperiment()
            .SetTuner(static (space, seed) => new RandomTuner(space, seed + 1))
            .SetCheckpoint(path).SetMaxTrials(5).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync());

        Assert.Contains("diverged from the stored history at trial 0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResumeWithAnotherSeed_IsRefused()
    {
        var path = NewPath();
        await EngineTestKit.NewExperiment().SetCheckpoint(path).SetMaxTrials(2).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineTestKit.NewExperiment()
            .SetSeed(8).SetCheckpoint(path).SetMaxTrials(4).SetTrialRunner(EngineTestKit.SphereRunner).RunAsync());

        Assert.Contains("seed 7", exception.Message, StringComparison.Ordinal);
        Assert.Contains("seed 8", exception.Message, StringComparison.Ordinal);
    }
}

internal static class DisposableExtensions
{
    public static TResult UsingDispose<T, TResult>(this T disposable, Func<T, TResult> use)
        where T : IDisposable
    {
        using (disposable)
        {
            return use(disposable);
        }
    }
}
