using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Tests.Experiments;

public sealed class NasExperimentMultiObjectiveTests
{
    /// <summary>Two conflicting objectives: the loss wants x near 1, the "size" metric wants x near -5.</summary>
    private static Task<TrialOutcome> ConflictingRunner(TrialContext context, CancellationToken token)
    {
        var x = context.Parameter["x"].AsType<double>();
        var y = context.Parameter["y"].AsType<double>();
        return Task.FromResult(new TrialOutcome
        {
            Loss = EngineTestKit.Sphere(context.Parameter),
            Metrics = new Dictionary<string, double> { ["size"] = x + 5 + (0.1 * y * y), ["accuracy"] = 1 / (1 + EngineTestKit.Sphere(context.Parameter)) },
        });
    }

    [Fact]
    public async Task RunAsync_TwoObjectives_ReturnsTheNonDominatedSet()
    {
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(60)
            .SetObjectives(Objective.Loss, Objective.Minimize("size"))
            .SetTrialRunner(ConflictingRunner)
            .RunAsync();

        Assert.Equal(["loss", "size"], result.ObjectiveNames);
        Assert.All(result.Trials, t => Assert.Equal([t.Loss, t.Metrics["size"]], t.Objectives!));
        Assert.True(result.ParetoFront.Count > 1, "conflicting objectives give several Pareto-optimal trials");
        ParetoAssert.IsParetoFront(result.ParetoFront, result.Trials);
        Assert.Contains(result.BestTrial, result.ParetoFront);
        Assert.Equal(result.ParetoFront.OrderBy(t => t.TrialSettings.TrialId), result.ParetoFront);
    }

    [Fact]
    public async Task RunAsync_MaximizedObjective_IsStoredNegated()
    {
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(5)
            .SetObjectives(Objective.Maximize("accuracy"), Objective.Minimize("size"))
            .SetTrialRunner(ConflictingRunner)
            .RunAsync();

        Assert.All(result.Trials, t => Assert.Equal(-t.Metrics["accuracy"], t.Objectives![0]));
    }

    [Fact]
    public async Task RunAsync_RunnerGivenObjectives_AreUsedWhenNoneAreConfigured()
    {
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(20)
            .SetTrialRunner((context, token) =>
            {
                var x = context.Parameter["x"].AsType<double>();
                return Task.FromResult(new TrialOutcome { Loss = x * x, Objectives = [x * x, (x - 2) * (x - 2)] });
            })
            .RunAsync();

        Assert.Equal(["objective0", "objective1"], result.ObjectiveNames);
        ParetoAssert.IsParetoFront(result.ParetoFront, result.Trials);
    }

    [Fact]
    public async Task RunAsync_ObjectiveTheRunnerDoesNotReport_FailsTheTrialNamingIt()
    {
        var experiment = EngineTestKit.NewExperiment()
            .SetMaxTrials(2)
            .SetObjectives(Objective.Loss, Objective.Minimize("latency"))
            .SetTrialRunner(ConflictingRunner);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("'latency'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("size", exception.Message, StringComparison.Ordinal);
    }
}
