using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Experiments;

public sealed class NasExperimentTests
{
    [Fact]
    public async Task RunAsync_WithMaxTrials_RunsExactlyThatManyTrialsAndReturnsTheSmallestLoss()
    {
        var calls = 0;
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(7)
            .SetTrialRunner((context, token) =>
            {
                Interlocked.Increment(ref calls);
                return EngineTestKit.SphereRunner(context, token);
            })
            .RunAsync();

        Assert.Equal(7, calls);
        Assert.Equal(7, result.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 7), result.Trials.Select(t => t.TrialSettings.TrialId));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(result.Trials.Min(t => t.Loss), result.BestTrial.Loss);
        Assert.Equal(ExperimentStopReason.MaxTrialsReached, result.StopReason);
        Assert.Equal([result.BestTrial], result.ParetoFront);
        Assert.Equal(["loss"], result.ObjectiveNames);
    }

    [Fact]
    public async Task RunAsync_DefaultTuner_SearchesTheSpace()
    {
        var result = await new NasExperiment()
            .SetSearchSpace(EngineTestKit.Space())
            .SetMaxTrials(5)
            .SetTrialRunner(EngineTestKit.SphereRunner)
            .RunAsync();

        Assert.Equal(5, result.Trials.Count);
        Assert.True(double.IsFinite(result.BestTrial.Loss));
    }

    [Fact]
    public async Task RunAsync_WithoutBudget_ThrowsNamingTheSetters()
    {
        var experiment = EngineTestKit.NewExperiment().SetTrialRunner(EngineTestKit.SphereRunner);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("SetMaxTrials", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithoutRunner_Throws()
    {
        var experiment = EngineTestKit.NewExperiment().SetMaxTrials(1);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("SetTrialRunner", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TimeBudgetEndsDuringATrial_StopsThatTrialAndReturnsTheBestSoFar()
    {
        var time = new ManualTimeProvider();
        var store = new InMemoryTrialStore();
        var steps = 0;
        var result = await EngineTestKit.NewExperiment(time)
            .SetTrainingTimeInSeconds(10)
            .SetTrialStore(store)
            .SetTrialRunner(async (context, token) =>
            {
                if (context.TrialId < 3)
                {
                    time.Advance(TimeSpan.FromSeconds(1));
                    return TrialOutcome.FromLoss(EngineTestKit.Sphere(context.Parameter));
                }

                // A long trial that honours its token once per step.
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    steps++;
                    time.Advance(TimeSpan.FromSeconds(1));
                    await Task.Yield();
                }
            })
            .RunAsync();

        Assert.Equal(ExperimentStopReason.TimeBudgetReached, result.StopReason);
        Assert.Equal(3, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(7, steps); // 3 s used by the short trials, the long one stopped in its 7th step
        var interrupted = Assert.Single(store.LoadTrials(), r => r.TrialId == 3);
        Assert.Equal(TrialStatus.Running, interrupted.Status);
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public async Task RunAsync_TimeBudgetEndsBeforeAnyTrialCompletes_ThrowsTimeoutException()
    {
        var time = new ManualTimeProvider();
        var experiment = EngineTestKit.NewExperiment(time)
            .SetTrainingTimeInSeconds(5)
            .SetTrialRunner(async (context, token) =>
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    time.Advance(TimeSpan.FromSeconds(1));
                    await Task.Yield();
                }
            });

        var exception = await Assert.ThrowsAsync<TimeoutException>(() => experiment.RunAsync());

        Assert.Contains("before any trial completed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TrialPastItsTimeout_IsRecordedFailedAndTheRunContinues()
    {
        var time = new ManualTimeProvider();
        var result = await EngineTestKit.NewExperiment(time)
            .SetMaxTrials(3)
            .SetTrialTimeout(TimeSpan.FromSeconds(5))
            .SetTrialRunner(async (context, token) =>
            {
                var steps = context.TrialId == 1 ? int.MaxValue : 2;
                for (var step = 0; step < steps; step++)
                {
                    token.ThrowIfCancellationRequested();
                    time.Advance(TimeSpan.FromSeconds(1));
                    await Task.Yield();
                }

                return TrialOutcome.FromLoss(EngineTestKit.Sphere(context.Parameter));
            })
            .RunAsync();

        Assert.Equal([TrialStatus.Completed, TrialStatus.Failed, TrialStatus.Completed], result.Trials.Select(t => t.Status));
        Assert.StartsWith("trial timeout", result.Trials[1].Message, StringComparison.Ordinal);
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public async Task RunAsync_ThrowingTrials_AreRecordedFailedWithTheirMessageAndTheRunContinues()
    {
        var monitor = new RecordingMonitor();
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(6)
            .SetMonitor(monitor)
            .SetTrialRunner((context, token) => context.TrialId % 3 == 1
                ? throw new InvalidOperationException($"boom {context.TrialId}")
                : EngineTestKit.SphereRunner(context, token))
            .RunAsync();

        Assert.Equal(6, result.Trials.Count);
        var failed = result.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.Equal([1, 4], failed.Select(t => t.TrialSettings.TrialId));
        Assert.Equal(["boom 1", "boom 4"], failed.Select(t => t.Message));
        Assert.All(failed, t => Assert.True(double.IsNaN(t.Loss)));
        Assert.All(monitor.FailureExceptions, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Equal(4, result.Trials.Count(t => t.Status == TrialStatus.Completed));
    }

    [Fact]
    public async Task RunAsync_EveryTrialFails_ThrowsWithTheFirstFailuresMessage()
    {
        var experiment = EngineTestKit.NewExperiment()
            .SetMaxTrials(4)
            .SetTrialRunner((context, token) => throw new ArithmeticException($"diverged in trial {context.TrialId}"));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("Every trial failed (4 of 4)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("diverged in trial 0", exception.Message, StringComparison.Ordinal);
        Assert.IsType<ArithmeticException>(exception.InnerException);
    }

    [Fact]
    public async Task RunAsync_RunnerReturningNaN_IsRecordedFailed()
    {
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(2)
            .SetTrialRunner((context, token) => Task.FromResult(TrialOutcome.FromLoss(context.TrialId == 0 ? double.NaN : 1.0)))
            .RunAsync();

        Assert.Equal(TrialStatus.Failed, result.Trials[0].Status);
        Assert.Contains("NaN", result.Trials[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, result.BestTrial.TrialSettings.TrialId);
    }

    [Fact]
    public async Task RunAsync_TrialOverItsMemoryLimit_IsCancelledAndRecordedFailed()
    {
        const long limit = 64L * 1024 * 1024;
        var retained = new List<byte[]>();
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(2)
            .SetTrialMemoryLimit(limit, TimeSpan.FromMilliseconds(5))
            .SetTrialRunner(async (context, token) =>
            {
                if (context.TrialId == 0)
                {
                    // Allocate 4 MiB per step and keep it, up to 1 GiB; the memory limit must stop this first.
                    for (var step = 0; step < 256; step++)
                    {
                        token.ThrowIfCancellationRequested();
                        var block = new byte[4 * 1024 * 1024];
                        Array.Fill(block, (byte)1);
                        retained.Add(block);
                        await Task.Delay(2, token);
                    }
                }

                return TrialOutcome.FromLoss(1.0);
            })
            .RunAsync();
        var allocated = retained.Count * 4L * 1024 * 1024;
        retained.Clear();

        var failed = result.Trials[0];
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.StartsWith("memory limit: used ", failed.Message, StringComparison.Ordinal);
        Assert.EndsWith($"limit {limit} bytes", failed.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1024L * 1024 * 1024, "the trial was not stopped before it allocated everything");
        Assert.Equal(TrialStatus.Completed, result.Trials[1].Status);
    }

    [Fact]
    public async Task RunAsync_UserCancelsDuringATrial_ThrowsAndLeavesTheTrialRunningForResume()
    {
        using var cancellation = new CancellationTokenSource();
        var store = new InMemoryTrialStore();
        var experiment = EngineTestKit.NewExperiment()
            .SetMaxTrials(5)
            .SetTrialStore(store)
            .SetTrialRunner(async (context, token) =>
            {
                if (context.TrialId == 2)
                {
                    await cancellation.CancelAsync();
                    token.ThrowIfCancellationRequested();
                }

                return TrialOutcome.FromLoss(EngineTestKit.Sphere(context.Parameter));
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => experiment.RunAsync(cancellation.Token));

        var stored = store.LoadTrials();
        Assert.Equal([TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Running], stored.Select(r => r.Status));
    }

    [Fact]
    public async Task RunAsync_RunnerThatIgnoresItsToken_IsAbandonedAfterTheGracePeriod()
    {
        var neverCompletes = new TaskCompletionSource<TrialOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(2)
            .SetTrialTimeout(TimeSpan.FromMilliseconds(20))
            .SetCancellationGracePeriod(TimeSpan.FromMilliseconds(20))
            .SetTrialRunner((context, token) => context.TrialId == 0 ? neverCompletes.Task : EngineTestKit.SphereRunner(context, token))
            .RunAsync();
        neverCompletes.SetResult(TrialOutcome.FromLoss(0));

        Assert.Equal(TrialStatus.Failed, result.Trials[0].Status);
        Assert.StartsWith("trial timeout", result.Trials[0].Message, StringComparison.Ordinal);
        Assert.Equal(TrialStatus.Completed, result.Trials[1].Status);
    }

    [Fact]
    public async Task RunAsync_TunerInstanceUsedTwice_ThrowsOnTheSecondRun()
    {
        var experiment = new NasExperiment()
            .SetSearchSpace(EngineTestKit.Space())
            .SetTuner(new RandomTuner(EngineTestKit.Space(), 1))
            .SetMaxTrials(2)
            .SetTrialRunner(EngineTestKit.SphereRunner);
        await experiment.RunAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("fresh", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_GivesTheSameTrials()
    {
        static async Task<ExperimentResult> Run() => await EngineTestKit.NewExperiment()
            .SetMaxTrials(10)
            .SetTrialRunner(EngineTestKit.SphereRunner)
            .RunAsync();

        var first = await Run();
        var second = await Run();

        Assert.Equal(first.Trials.Select(t => t.TrialSettings.Parameter), second.Trials.Select(t => t.TrialSettings.Parameter));
        Assert.Equal(first.Trials.Select(t => t.Loss), second.Trials.Select(t => t.Loss));
    }

    [Fact]
    public void Setters_RejectInvalidValues()
    {
        var experiment = new NasExperiment();

        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.SetMaxTrials(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.SetTrainingTimeInSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.SetTrialTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.SetTrialMemoryLimit(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => experiment.SetMaxConsecutiveRejections(0));
        Assert.Throws<ArgumentException>(() => experiment.SetCheckpoint(" "));
        Assert.Throws<ArgumentException>(() => experiment.SetObjectives());
        Assert.Throws<ArgumentException>(() => experiment.SetObjectives(Objective.Loss, Objective.Minimize("loss")));
        Assert.Throws<ArgumentNullException>(() => experiment.SetTrialRunner((ITrialRunner)null!));
    }
}
