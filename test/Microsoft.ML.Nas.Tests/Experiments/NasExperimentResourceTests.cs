using System.Runtime.CompilerServices;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Scheduling;

namespace Microsoft.ML.Nas.Tests.Experiments;

public sealed class NasExperimentResourceTests
{
    [Fact]
    public async Task RunAsync_WithTimeoutsAndMemoryLimit_LeavesNoTimerBehind()
    {
        var time = new ManualTimeProvider();
        var result = await EngineTestKit.NewExperiment(time)
            .SetMaxTrials(50)
            .SetTrainingTimeInSeconds(3600)
            .SetTrialTimeout(TimeSpan.FromSeconds(30))
            .SetTrialMemoryLimit(1L << 40, TimeSpan.FromSeconds(1))
            .SetTrialRunner(async (context, token) =>
            {
                time.Advance(TimeSpan.FromSeconds(2)); // the memory timer fires twice per trial
                await Task.Yield();
                return TrialOutcome.FromLoss(EngineTestKit.Sphere(context.Parameter));
            })
            .RunAsync();

        Assert.Equal(50, result.Trials.Count);
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public async Task RunAsync_DoesNotKeepTrialContextsAlive()
    {
        var contexts = new List<WeakReference<TrialContext>>();
        var result = await RunKeepingWeakReferences(contexts);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(200, result.Trials.Count);
        Assert.Equal(200, contexts.Count);
        // What matters for a long search is that contexts do not accumulate. The most recent one may still be reachable
        // for a moment from a stale slot of the thread that ran it (seen once in CI: only trial 199 of 200 survived),
        // so at most one survivor is allowed.
        var alive = contexts.Count(reference => reference.TryGetTarget(out _));
        Assert.True(alive <= 1, $"{alive} of {contexts.Count} trial contexts are still reachable after the run");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<ExperimentResult> RunKeepingWeakReferences(List<WeakReference<TrialContext>> contexts) =>
        EngineTestKit.NewExperiment()
            .SetMaxTrials(200)
            .SetTrialTimeout(TimeSpan.FromMinutes(5))
            .SetScheduler(() => new AshaScheduler(1, 3))
            .SetTrialRunner((context, token) =>
            {
                contexts.Add(new WeakReference<TrialContext>(context));
                context.ReportIntermediate(1, EngineTestKit.Sphere(context.Parameter));
                return EngineTestKit.SphereRunner(context, token);
            })
            .RunAsync();
}
