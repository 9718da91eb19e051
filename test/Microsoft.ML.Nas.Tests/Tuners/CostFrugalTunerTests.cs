using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class CostFrugalTunerTests
{
    [Fact]
    public void Propose_FirstTrial_ReturnsTheLowCostDefault()
    {
        var space = new SearchSpace
        {
            ["layers"] = new UniformIntOption(1, 64, defaultValue: 1),
            ["width"] = new UniformIntOption(8, 512, logBase: true, defaultValue: 8),
            ["dropout"] = new UniformDoubleOption(0, 0.5),
        };
        var tuner = new CostFrugalTuner(space, seed: 1);

        var first = tuner.Propose(new TrialSettings { TrialId = 0 });

        Assert.Equal(space.SampleFromFeatureSpace(space.Default), first);
    }

    [Fact]
    public void Propose_TwiceBeforeResults_TriesOppositeDirectionsAroundTheIncumbent()
    {
        var space = Cube(3);
        var tuner = new CostFrugalTuner(space, seed: 2);
        TunerHarness.Run(tuner, 1, s => TunerHarness.Result(s, TrialStatus.Completed, 1.0));

        var plus = space.MappingToFeatureSpace(tuner.Propose(new TrialSettings { TrialId = 1 }));
        var minus = space.MappingToFeatureSpace(tuner.Propose(new TrialSettings { TrialId = 2 }));

        var start = space.Default;
        var move = plus.Select((x, i) => x - start[i]).ToArray();
        Assert.True(Math.Sqrt(move.Sum(m => m * m)) > 0.01);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(2 * start[i], plus[i] + minus[i], 9));
    }

    [Fact]
    public void Propose_NestedSpace_MovesInEveryFeatureDimension()
    {
        // One top-level key holding four coordinates: the sphere must have the feature dimension (4), not the key count (1).
        var space = new SearchSpace { ["inner"] = Cube(4) };
        var tuner = new CostFrugalTuner(space, seed: 3);

        var best = TunerHarness.BestLoss(tuner, 300, p => Enumerable.Range(0, 4).Sum(i => Math.Pow(p["inner"][$"x{i}"].AsType<double>() - 0.3, 2)));

        Assert.True(best < 1e-3, $"best loss {best}");
    }

    [Fact]
    public void Propose_DiscreteSpaceAfterConvergence_RestartsFromFreshRandomPoints()
    {
        var space = new SearchSpace();
        for (var i = 0; i < 3; i++)
        {
            space.Add($"x{i}", new ChoiceOption(0, 1, 2, 3, 4));
        }

        var tuner = new CostFrugalTuner(space, seed: 4);
        var restartStarts = new List<Parameter>();
        var restarts = 0;
        TunerHarness.Run(tuner, 400, settings =>
        {
            if (tuner.RestartCount > restarts)
            {
                restarts = tuner.RestartCount;
                restartStarts.Add(settings.Parameter!);
            }

            var loss = Enumerable.Range(0, 3).Sum(i => Math.Abs(settings.Parameter![$"x{i}"].AsType<int>() - 3));
            return TunerHarness.Result(settings, TrialStatus.Completed, loss);
        });

        Assert.True(restartStarts.Count >= 2, $"{restartStarts.Count} restarts");
        Assert.True(restartStarts.Distinct().Count() >= 2);
        Assert.DoesNotContain(space.SampleFromFeatureSpace(space.Default), restartStarts);
    }

    [Fact]
    public void StepLowerBound_AllDiscreteSpace_IsDerivedFromTheSmallestLevelSpacing()
    {
        var space = new SearchSpace { ["a"] = new UniformIntOption(0, 4), ["b"] = new BooleanOption() };

        var tuner = new CostFrugalTuner(space, seed: 1);

        Assert.Equal(Math.Sqrt(2) * 0.25 / 4, tuner.StepLowerBound, 12);
        Assert.True(tuner.StepSize >= 2 * tuner.StepLowerBound);
    }

    [Fact]
    public void StepLowerBound_SpaceWithContinuousDimension_IsTheContinuousBound()
    {
        var space = new SearchSpace { ["a"] = new UniformIntOption(0, 4), ["b"] = new UniformDoubleOption(0, 1) };

        var tuner = new CostFrugalTuner(space, seed: 1, new CostFrugalTunerOptions { ContinuousStepLowerBound = 1e-3 });

        Assert.Equal(1e-3, tuner.StepLowerBound);
        Assert.Equal(0.1 * Math.Sqrt(2), tuner.StepSize, 12);
    }

    [Fact]
    public void Update_ResultFromAnotherTuner_BecomesTheIncumbentWhenBetter()
    {
        var space = Cube(2);
        var tuner = new CostFrugalTuner(space, seed: 5);
        TunerHarness.Run(tuner, 1, s => TunerHarness.Result(s, TrialStatus.Completed, 1.0));
        var warmStart = space.SampleFromFeatureSpace([0.7, 0.3]);

        tuner.Update(TunerHarness.Result(new TrialSettings { TrialId = 100, Parameter = warmStart }, TrialStatus.Completed, 0.1));
        var plus = space.MappingToFeatureSpace(tuner.Propose(new TrialSettings { TrialId = 1 }));
        var minus = space.MappingToFeatureSpace(tuner.Propose(new TrialSettings { TrialId = 2 }));

        Assert.Equal(0.7, (plus[0] + minus[0]) / 2, 6);
        Assert.Equal(0.3, (plus[1] + minus[1]) / 2, 6);
    }

    [Theory]
    [InlineData(0.0, 1e-4, 32)]
    [InlineData(1.5, 1e-4, 32)]
    [InlineData(0.1, 0.0, 32)]
    [InlineData(0.1, 1e-4, 0)]
    public void Constructor_InvalidOptions_Throw(double initialStep, double lowerBound, int maxMoves)
    {
        var options = new CostFrugalTunerOptions { InitialStepSize = initialStep, ContinuousStepLowerBound = lowerBound, MaxMovesPerProposal = maxMoves };

        Assert.Throws<ArgumentOutOfRangeException>(() => new CostFrugalTuner(Cube(2), seed: 1, options));
    }

    private static SearchSpace Cube(int dimension)
    {
        var space = new SearchSpace();
        for (var i = 0; i < dimension; i++)
        {
            space.Add($"x{i}", new UniformDoubleOption(0, 1));
        }

        return space;
    }
}
