using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tests.Experiments;

namespace Microsoft.ML.Nas.Tests.Monitoring;

public sealed class MonitorTests
{
    /// <summary>Rejects trial ids listed in <see cref="RejectedTrials"/> by reporting a huge cost for them.</summary>
    private sealed class ScriptedCostModel(HashSet<int> rejectedTrials) : ICostModel
    {
        private int _next;

        public IReadOnlyDictionary<string, double> Estimate(Parameter parameter) =>
            new Dictionary<string, double> { [CostNames.Macs] = rejectedTrials.Contains(_next++) ? 1e9 : 1 };
    }

    /// <summary>Trial 0: loss 5; 1: rejected; 2: throws; 3: pruned (worse than 0 at rung 1); 4: loss 7; 5: loss 2.</summary>
    private static NasExperiment ScriptedExperiment(IMonitor monitor) => EngineTestKit.NewExperiment()
        .SetMaxTrials(5)
        .SetMonitor(monitor)
        .SetCostModel(new ScriptedCostModel([1]))
        .SetConstraints(HardwareConstraints.MaxMacs(1000))
        .SetScheduler(() => new AshaScheduler(minFidelity: 1, maxFidelity: 2, reductionFactor: 2))
        .SetTrialRunner((context, token) =>
        {
            double[] losses = [5, double.NaN, double.NaN, 9, 4.5, 2];
            if (context.TrialId == 2)
            {
                throw new InvalidOperationException("scripted failure");
            }

            context.ReportIntermediate(1, losses[context.TrialId]);
            return Task.FromResult(TrialOutcome.FromLoss(losses[context.TrialId]));
        });

    [Fact]
    public async Task Experiment_RaisesEveryEventInOrder()
    {
        var monitor = new RecordingMonitor();

        await ScriptedExperiment(monitor).RunAsync();

        Assert.Equal(
            [
                "running 0", "completed 0", "best 0",
                "rejected 1",
                "running 2", "failed 2",
                "running 3", "pruned 3",
                "running 4", "completed 4", "best 4",
                "running 5", "completed 5", "best 5",
            ],
            monitor.Events);
    }

    [Fact]
    public async Task CompositeMonitor_ForwardsEveryEventToEachMonitorInOrder()
    {
        var first = new RecordingMonitor();
        var second = new RecordingMonitor();

        await ScriptedExperiment(new CompositeMonitor(first, second)).RunAsync();

        Assert.Equal(14, first.Events.Count);
        Assert.Equal(first.Events, second.Events);
    }

    [Fact]
    public async Task TextWriterMonitor_WritesOneLinePerEvent()
    {
        using var writer = new StringWriter();

        await ScriptedExperiment(new TextWriterMonitor(writer)).RunAsync();

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(14, lines.Length);
        Assert.StartsWith("trial 0 running fidelity=2 {\"x\":", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("trial 0 completed loss=5 in ", lines[1], StringComparison.Ordinal);
        Assert.Equal("best trial 0 loss=5", lines[2]);
        Assert.StartsWith("trial 1 rejected: Rejected by constraints: cost 'macs' = 1000000000 exceeds the limit 1000", lines[3], StringComparison.Ordinal);
        Assert.Equal("trial 2 failed: scripted failure", lines[5]);
        Assert.Equal("trial 3 pruned at value 9 after 1 steps", lines[7]);
    }

    [Fact]
    public void CompositeMonitor_NullMonitor_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new CompositeMonitor(new RecordingMonitor(), null!));
    }
}
