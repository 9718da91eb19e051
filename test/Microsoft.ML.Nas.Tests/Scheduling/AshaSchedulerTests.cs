using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.Tests.Experiments;

namespace Microsoft.ML.Nas.Tests.Scheduling;

public sealed class AshaSchedulerTests
{
    private static TrialResult Finished(int trialId) => new()
    {
        TrialSettings = new TrialSettings { TrialId = trialId },
        Status = TrialStatus.Completed,
        Loss = 0,
    };

    [Fact]
    public void Constructor_RungsAreMinFidelityTimesPowersOfEtaBelowTheMaximum()
    {
        var scheduler = new AshaScheduler(minFidelity: 1, maxFidelity: 27, reductionFactor: 3, numberOfBrackets: 3);

        Assert.Equal([1.0, 3.0, 9.0], scheduler.GetRungFidelities(0));
        Assert.Equal([3.0, 9.0], scheduler.GetRungFidelities(1));
        Assert.Equal([9.0], scheduler.GetRungFidelities(2));
        Assert.Equal(27, scheduler.GetFidelity(5));
    }

    [Fact]
    public void ReportIntermediate_KeepsOnlyTheBestOneOverEtaAtEachRung()
    {
        var scheduler = new AshaScheduler(minFidelity: 1, maxFidelity: 9, reductionFactor: 3);

        // First trial at a rung always goes on; with fewer than η values only the best goes on.
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(0, 1, 5.0));
        Assert.Equal(SchedulerDecision.Stop, scheduler.ReportIntermediate(1, 1, 6.0));
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(2, 1, 4.0));

        // Rung 1 now holds 4, 5, 6: with 4 values the best ⌊4/3⌋ = 1 goes on.
        Assert.Equal(SchedulerDecision.Stop, scheduler.ReportIntermediate(3, 1, 4.5));

        // 6 values (4, 4.5, 5, 6, 7, 3.9): the best 2 go on.
        Assert.Equal(SchedulerDecision.Stop, scheduler.ReportIntermediate(4, 1, 7.0));
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(5, 1, 3.9));

        // Steps between rungs are not decisions.
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(5, 2, 100.0));
    }

    [Fact]
    public void ReportIntermediate_StepPastSeveralRungs_RecordsEachAndStopsAtTheFirstLoss()
    {
        var scheduler = new AshaScheduler(minFidelity: 1, maxFidelity: 27, reductionFactor: 3);
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(0, 9, 1.0));

        // Trial 1 jumps to fidelity 9: it joins rungs 1, 3 and 9 and loses at the first.
        Assert.Equal(SchedulerDecision.Stop, scheduler.ReportIntermediate(1, 9, 2.0));
    }

    [Fact]
    public void ReportIntermediate_NaN_CountsAsTheWorstValue()
    {
        var scheduler = new AshaScheduler(minFidelity: 1, maxFidelity: 3, reductionFactor: 2);
        scheduler.ReportIntermediate(0, 1, 10.0);

        Assert.Equal(SchedulerDecision.Stop, scheduler.ReportIntermediate(1, 1, double.NaN));
    }

    [Fact]
    public void ReportIntermediate_HyperbandBrackets_AssignTrialsRoundRobin()
    {
        var scheduler = new AshaScheduler(minFidelity: 1, maxFidelity: 9, reductionFactor: 3, numberOfBrackets: 2);
        scheduler.ReportIntermediate(0, 1, 1.0);

        // Trial 1 is in bracket 1, whose first rung is at 3: fidelity 1 is no decision, and rung 3 is its own.
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(1, 1, 50.0));
        Assert.Equal(SchedulerDecision.Continue, scheduler.ReportIntermediate(1, 3, 50.0));

        // Trial 2 is in bracket 0 with trial 0.
        Assert.Equal(SchedulerDecision.Stop, scheduler.ReportIntermediate(2, 1, 2.0));
        scheduler.ReportFinished(Finished(2));
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler(0, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler(3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler(1, 9, reductionFactor: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler(1, 9, numberOfBrackets: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler(1, double.PositiveInfinity));
    }

    [Fact]
    public async Task Experiment_WithAsha_PrunesBadTrialsAndRunsGoodOnesToTheMaximumFidelity()
    {
        var fidelities = new List<double?>();
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(40)
            .SetScheduler(() => new AshaScheduler(minFidelity: 1, maxFidelity: 9, reductionFactor: 3))
            .SetTrialRunner(async (context, token) =>
            {
                fidelities.Add(context.Fidelity);
                var final = EngineTestKit.Sphere(context.Parameter);
                for (var epoch = 1; epoch <= context.Fidelity; epoch++)
                {
                    token.ThrowIfCancellationRequested();
                    context.ReportIntermediate(epoch, final + (10.0 / epoch));
                    await Task.Yield();
                }

                return TrialOutcome.FromLoss(final);
            })
            .RunAsync();

        Assert.All(fidelities, f => Assert.Equal(9, f));
        var pruned = result.Trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        var completed = result.Trials.Where(t => t.Status == TrialStatus.Completed).ToList();
        Assert.True(pruned.Count >= 20, $"expected most trials pruned, got {pruned.Count} of 40");
        Assert.NotEmpty(completed);
        Assert.All(completed, t => Assert.Equal(9, t.IntermediateValues.Count));
        Assert.All(pruned, t =>
        {
            Assert.InRange(t.IntermediateValues.Count, 1, 3);
            Assert.Equal(t.IntermediateValues[^1], t.Loss);
        });

        // The best trial is never pruned: every trial's curve ranks the same at every rung.
        var bestOverall = result.Trials.MinBy(t => EngineTestKit.Sphere(t.TrialSettings.Parameter!))!;
        Assert.Equal(TrialStatus.Completed, bestOverall.Status);
        Assert.Same(bestOverall, result.BestTrial);

        // A pruned trial was worse at its last rung than the best value an earlier trial recorded there.
        Assert.All(pruned, t =>
        {
            var epoch = t.IntermediateValues.Count;
            var earlierBest = result.Trials
                .Where(other => other.TrialSettings.TrialId < t.TrialSettings.TrialId && other.IntermediateValues.Count >= epoch)
                .Min(other => other.IntermediateValues[epoch - 1]);
            Assert.True(t.Loss > earlierBest);
        });
    }

    [Fact]
    public async Task Experiment_RunnerCatchingThePruneSignal_IsStillRecordedPruned()
    {
        double[] firstValues = [5, 6, 4];
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(3)
            .SetScheduler(new AshaScheduler(minFidelity: 1, maxFidelity: 3, reductionFactor: 3))
            .SetTrialRunner((context, token) =>
            {
                try
                {
                    context.ReportIntermediate(1, firstValues[context.TrialId]);
                    context.ReportIntermediate(3, firstValues[context.TrialId] - 1);
                }
                catch (TrialPrunedException)
                {
                    // A runner may swallow the signal and return; the trial is still pruned.
                }

                return Task.FromResult(TrialOutcome.FromLoss(firstValues[context.TrialId] - 1));
            })
            .RunAsync();

        Assert.Equal([TrialStatus.Completed, TrialStatus.Pruned, TrialStatus.Completed], result.Trials.Select(t => t.Status));
        Assert.Equal([6.0], result.Trials[1].IntermediateValues);
        Assert.Equal(6.0, result.Trials[1].Loss);
    }
}
