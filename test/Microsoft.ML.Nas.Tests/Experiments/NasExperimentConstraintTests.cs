using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.Experiments;

public sealed class NasExperimentConstraintTests
{
    /// <summary>Parameters grow with |x|: 1000 · (1 + |x|), so x in [-5, 5] gives 1000 to 6000.</summary>
    private sealed class XCostModel : ICostModel
    {
        public int Calls { get; private set; }

        public IReadOnlyDictionary<string, double> Estimate(Parameter parameter)
        {
            Calls++;
            var x = parameter["x"].AsType<double>();
            return new Dictionary<string, double>
            {
                [CostNames.Parameters] = 1000 * (1 + Math.Abs(x)),
                [CostNames.LatencyMilliseconds] = 1 + Math.Abs(x),
            };
        }
    }

    [Fact]
    public async Task RunAsync_RejectPolicy_RecordsRejectedCandidatesWithCostsAndNeverRunsThem()
    {
        var ranParameters = new List<double>();
        var monitor = new RecordingMonitor();
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(10)
            .SetCostModel(new XCostModel())
            .SetConstraints(HardwareConstraints.MaxParameters(3000))
            .SetMonitor(monitor)
            .SetTrialRunner((context, token) =>
            {
                ranParameters.Add(context.Costs[CostNames.Parameters]);
                return EngineTestKit.SphereRunner(context, token);
            })
            .RunAsync();

        var rejected = result.Trials.Where(t => t.Status == TrialStatus.Rejected).ToList();
        Assert.NotEmpty(rejected);
        Assert.Equal(10, result.Trials.Count(t => t.Status == TrialStatus.Completed));
        Assert.All(ranParameters, p => Assert.True(p <= 3000));
        Assert.All(rejected, t =>
        {
            var parameters = t.Costs[CostNames.Parameters];
            Assert.True(parameters > 3000);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"'parameters' = {parameters:G}"), t.Message, StringComparison.Ordinal);
            Assert.Contains("limit 3000", t.Message, StringComparison.Ordinal);
            Assert.True(double.IsNaN(t.Loss));
        });
        Assert.Equal(rejected.Select(t => $"rejected {t.TrialSettings.TrialId}"), monitor.Events.Where(e => e.StartsWith("rejected", StringComparison.Ordinal)));
        Assert.DoesNotContain(monitor.Events, e => rejected.Any(t => e == $"running {t.TrialSettings.TrialId}"));
    }

    [Fact]
    public async Task RunAsync_NoCandidateCanBeFeasible_StopsAfterTheDefault1000ProposalsNamingTheConstraint()
    {
        var runs = 0;
        var experiment = EngineTestKit.NewExperiment()
            .SetMaxTrials(5)
            .SetCostModel(new XCostModel())
            .SetConstraints(HardwareConstraints.MaxParameters(500).AndMaxLatency(TimeSpan.FromMilliseconds(100)))
            .SetTrialRunner((context, token) =>
            {
                runs++;
                return EngineTestKit.SphereRunner(context, token);
            });

        var exception = await Assert.ThrowsAsync<InfeasibleConstraintsException>(() => experiment.RunAsync());

        Assert.Equal(0, runs);
        Assert.Equal(1000, exception.ConsecutiveRejections);
        Assert.Equal(CostNames.Parameters, exception.CostName);
        Assert.Equal(500, exception.MaxValue);
        Assert.InRange(exception.SmallestValue, 1000, 1100);
        Assert.Contains("'parameters' <= 500 was never met", exception.Message, StringComparison.Ordinal);
        Assert.Contains("smallest 'parameters' seen was", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("latencyMilliseconds", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfiguredRejectionBound_IsUsed()
    {
        var experiment = EngineTestKit.NewExperiment()
            .SetMaxTrials(5)
            .SetCostModel(new XCostModel())
            .SetConstraints(new CostConstraint(CostNames.Parameters, 10))
            .SetMaxConsecutiveRejections(25)
            .SetTrialRunner(EngineTestKit.SphereRunner);

        var exception = await Assert.ThrowsAsync<InfeasibleConstraintsException>(() => experiment.RunAsync());

        Assert.Equal(25, exception.ConsecutiveRejections);
    }

    [Fact]
    public async Task RunAsync_RejectPolicyWithoutCostModel_ThrowsBeforeRunning()
    {
        var experiment = EngineTestKit.NewExperiment()
            .SetMaxTrials(5)
            .SetConstraints(HardwareConstraints.MaxMacs(10))
            .SetTrialRunner(EngineTestKit.SphereRunner);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("SetCostModel", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PenaltyPolicy_TrainsEveryCandidateAndAddsTheWeightedRelativeExcess()
    {
        var rawLosses = new Dictionary<int, double>();
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(12)
            .SetCostModel(new XCostModel())
            .SetConstraints(new CostConstraint(CostNames.Parameters, 3000, ConstraintPolicy.Penalty, penaltyWeight: 2))
            .SetTrialRunner((context, token) =>
            {
                rawLosses[context.TrialId] = EngineTestKit.Sphere(context.Parameter);
                return EngineTestKit.SphereRunner(context, token);
            })
            .RunAsync();

        Assert.Equal(12, result.Trials.Count(t => t.Status == TrialStatus.Completed));
        Assert.Contains(result.Trials, t => t.Costs[CostNames.Parameters] > 3000);
        Assert.All(result.Trials, t =>
        {
            var parameters = t.Costs[CostNames.Parameters];
            var expected = rawLosses[t.TrialSettings.TrialId] + (parameters > 3000 ? 2 * (parameters - 3000) / 3000 : 0);
            Assert.Equal(expected, t.Loss, 12);
        });
    }

    [Fact]
    public async Task RunAsync_PenaltyPolicy_PrefersTheRunnersMeasuredCost()
    {
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(3)
            .SetConstraints(new CostConstraint(CostNames.LatencyMilliseconds, 10, ConstraintPolicy.Penalty))
            .SetTrialRunner((context, token) => Task.FromResult(new TrialOutcome
            {
                Loss = 1,
                Metrics = new Dictionary<string, double> { [CostNames.LatencyMilliseconds] = 15 },
            }))
            .RunAsync();

        Assert.All(result.Trials, t => Assert.Equal(1.5, t.Loss, 12));
    }

    [Fact]
    public async Task RunAsync_ObjectivePolicy_AddsTheCostAsAParetoAxisAndPrefersFeasibleTrials()
    {
        var result = await EngineTestKit.NewExperiment()
            .SetMaxTrials(30)
            .SetCostModel(new XCostModel())
            .SetConstraints(HardwareConstraints.MaxParameters(4000, ConstraintPolicy.Objective))
            .SetTrialRunner(EngineTestKit.SphereRunner)
            .RunAsync();

        Assert.Equal(["loss", CostNames.Parameters], result.ObjectiveNames);
        Assert.All(result.Trials, t => Assert.Equal([t.Loss, t.Costs[CostNames.Parameters]], t.Objectives!));
        Assert.Contains(result.Trials, t => t.Costs[CostNames.Parameters] > 4000);
        Assert.All(result.ParetoFront, t => Assert.True(t.Costs[CostNames.Parameters] <= 4000));
        ParetoAssert.IsParetoFront(result.ParetoFront, result.Trials.Where(t => t.Costs[CostNames.Parameters] <= 4000).ToList());
    }
}
