using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class EvolutionTunerTests
{
    [Fact]
    public void Propose_WithFeasibilityPredicate_FiltersInfeasibleCandidatesBeforeProposing()
    {
        var checkedCount = 0;
        var options = new EvolutionTunerOptions
        {
            PopulationSize = 10,
            IsFeasible = p =>
            {
                checkedCount++;
                return p["layers"].AsType<int>() <= 3;
            },
        };
        var tuner = new EvolutionTuner(ConformanceSpace.Create(), seed: 1, options);

        var results = TunerHarness.Run(tuner, 60, ConformanceSpace.Evaluate);

        Assert.All(results, r => Assert.True(r.TrialSettings.Parameter!["layers"].AsType<int>() <= 3));
        Assert.True(tuner.FilteredInitialCandidates > 0);
        Assert.True(tuner.FilteredMutants > 0);
        Assert.Equal(60 + tuner.FilteredInitialCandidates + tuner.FilteredMutants, checkedCount);
    }

    [Fact]
    public void Propose_WhenNothingIsFeasible_ProposesTheLastCandidateAfterMaxAttempts()
    {
        var options = new EvolutionTunerOptions { PopulationSize = 5, IsFeasible = _ => false, MaxFeasibilityAttempts = 4 };
        var tuner = new EvolutionTuner(ConformanceSpace.Create(), seed: 2, options);

        var results = TunerHarness.Run(tuner, 20, ConformanceSpace.Evaluate);

        Assert.Equal(20, results.Count);
        Assert.Equal(5 * 3, tuner.FilteredInitialCandidates);
        Assert.Equal(15 * 3, tuner.FilteredMutants);
    }

    [Fact]
    public void Update_ManyResults_KeepsOnlyTheMostRecentPopulation()
    {
        var tuner = new EvolutionTuner(ConformanceSpace.Create(), seed: 3, new EvolutionTunerOptions { PopulationSize = 5, SampleSize = 2 });

        TunerHarness.Run(tuner, 30, ConformanceSpace.Evaluate);

        Assert.Equal(5, tuner.PopulationCount);
    }

    [Fact]
    public void Update_FailedTrials_DoNotJoinThePopulation()
    {
        var tuner = new EvolutionTuner(ConformanceSpace.Create(), seed: 4, new EvolutionTunerOptions { PopulationSize = 5, SampleSize = 2 });

        TunerHarness.Run(tuner, 12, s => TunerHarness.Result(s, TrialStatus.Failed, double.NaN));

        Assert.Equal(0, tuner.PopulationCount);
    }

    [Fact]
    public void Propose_AfterPopulationIsFull_MutatesOneCoordinateOfTheTournamentWinner()
    {
        var space = new SearchSpace();
        for (var i = 0; i < 6; i++)
        {
            space.Add($"c{i}", new ChoiceOption("a", "b", "c", "d"));
        }

        var options = new EvolutionTunerOptions { PopulationSize = 4, SampleSize = 4, AdditionalMutationProbability = 0 };
        var tuner = new EvolutionTuner(space, seed: 5, options);
        var history = TunerHarness.Run(tuner, 4, s => TunerHarness.Result(s, TrialStatus.Completed, s.TrialId == 2 ? 0.0 : 1.0));
        var best = history[2].TrialSettings.Parameter!;

        var child = tuner.Propose(new TrialSettings { TrialId = 4 });

        var changed = Enumerable.Range(0, 6).Count(i => !child[$"c{i}"].Equals(best[$"c{i}"]));
        Assert.Equal(1, changed);
    }

    [Theory]
    [InlineData(1, 1, 0.1, 0.5, 10)]
    [InlineData(10, 11, 0.1, 0.5, 10)]
    [InlineData(10, 0, 0.1, 0.5, 10)]
    [InlineData(10, 5, 0.0, 0.5, 10)]
    [InlineData(10, 5, 0.1, 1.0, 10)]
    [InlineData(10, 5, 0.1, 0.5, 0)]
    public void Constructor_InvalidOptions_Throw(int population, int sample, double scale, double additional, int attempts)
    {
        var options = new EvolutionTunerOptions
        {
            PopulationSize = population,
            SampleSize = sample,
            MutationScale = scale,
            AdditionalMutationProbability = additional,
            MaxFeasibilityAttempts = attempts,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new EvolutionTuner(ConformanceSpace.Create(), seed: 1, options));
    }
}
