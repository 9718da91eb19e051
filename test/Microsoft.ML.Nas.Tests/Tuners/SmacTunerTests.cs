using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class SmacTunerTests
{
    [Fact]
    public void Propose_SmallDiscreteSpace_DoesNotRepeatAParameterUntilAllWereTried()
    {
        var space = new SearchSpace
        {
            ["depth"] = new UniformIntOption(1, 3),
            ["activation"] = new ChoiceOption("relu", "gelu"),
            ["batchNorm"] = new BooleanOption(),
        };
        var tuner = new SmacTuner(space, seed: 1, new SmacTunerOptions { InitialDesignSize = 3 });

        var results = TunerHarness.Run(tuner, 12, s => TunerHarness.Result(s, TrialStatus.Completed, s.Parameter!["depth"].AsType<int>()));

        Assert.Equal(12, results.Select(r => r.TrialSettings.Parameter).Distinct().Count());
    }

    [Fact]
    public void Propose_WhereTrialsFail_LearnsToAvoidTheFailingRegion()
    {
        var space = new SearchSpace { ["x"] = new UniformDoubleOption(0, 1), ["y"] = new UniformDoubleOption(0, 1) };
        var tuner = new SmacTuner(space, seed: 2, new SmacTunerOptions { RandomProposalProbability = 0 });

        var results = TunerHarness.Run(tuner, 60, s =>
        {
            var x = s.Parameter!["x"].AsType<double>();
            return x > 0.5
                ? TunerHarness.Result(s, TrialStatus.Failed, double.NaN)
                : TunerHarness.Result(s, TrialStatus.Completed, 1 - x + (0.1 * s.Parameter!["y"].AsType<double>()));
        });

        var failuresAfterDesign = results.Skip(20).Count(r => r.Status == TrialStatus.Failed);
        Assert.True(failuresAfterDesign <= 8, $"{failuresAfterDesign} of the last 40 trials failed");
    }

    [Fact]
    public void Propose_ManyTrials_KeepsFindingBetterPointsWithACappedTrainingSet()
    {
        var problem = SyntheticBenchmark.All["branin"];
        var tuner = new SmacTuner(problem.CreateSpace(), seed: 3, new SmacTunerOptions { MaxTrainingSetSize = 16, RandomCandidateCount = 50 });

        var best = TunerHarness.BestLoss(tuner, 150, problem.Loss);

        Assert.True(best - problem.Optimum < 0.5, $"regret {best - problem.Optimum}");
    }

    [Theory]
    [InlineData(nameof(SmacTunerOptions.InitialDesignSize))]
    [InlineData(nameof(SmacTunerOptions.TreeCount))]
    [InlineData(nameof(SmacTunerOptions.MaxTrainingSetSize))]
    [InlineData(nameof(SmacTunerOptions.RefitInterval))]
    [InlineData(nameof(SmacTunerOptions.RandomCandidateCount))]
    [InlineData(nameof(SmacTunerOptions.LocalSearchStartCount))]
    [InlineData(nameof(SmacTunerOptions.RandomProposalProbability))]
    public void Constructor_OptionOutOfRange_ThrowsNamingIt(string option)
    {
        var options = option switch
        {
            nameof(SmacTunerOptions.InitialDesignSize) => new SmacTunerOptions { InitialDesignSize = 0 },
            nameof(SmacTunerOptions.TreeCount) => new SmacTunerOptions { TreeCount = 0 },
            nameof(SmacTunerOptions.MaxTrainingSetSize) => new SmacTunerOptions { MaxTrainingSetSize = 3 },
            nameof(SmacTunerOptions.RefitInterval) => new SmacTunerOptions { RefitInterval = 0 },
            nameof(SmacTunerOptions.RandomCandidateCount) => new SmacTunerOptions { RandomCandidateCount = 0 },
            nameof(SmacTunerOptions.LocalSearchStartCount) => new SmacTunerOptions { LocalSearchStartCount = -1 },
            _ => new SmacTunerOptions { RandomProposalProbability = 1.5 },
        };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SmacTuner(ConformanceSpace.Create(), seed: 1, options));

        Assert.Contains(option, exception.Message, StringComparison.Ordinal);
    }
}
