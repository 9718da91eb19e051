using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class GridTunerTests
{
    private static SearchSpace DiscreteSpace() => new()
    {
        ["depth"] = new UniformIntOption(1, 3),
        ["activation"] = new ChoiceOption("relu", "gelu"),
        ["batchNorm"] = new BooleanOption(),
    };

    [Fact]
    public void Propose_DiscreteSpace_VisitsEveryPointOncePerPass()
    {
        var space = DiscreteSpace();
        var tuner = new GridTuner(space, seed: 1);

        var proposals = Proposals(tuner, 24);

        Assert.Equal(12, (int)tuner.GridSize);
        Assert.Equal(12, proposals.Take(12).Distinct().Count());
        Assert.Equal(12, proposals.Skip(12).Distinct().Count());
        Assert.Equal(proposals.Take(12).ToHashSet(), proposals.Skip(12).ToHashSet());
    }

    [Fact]
    public void Propose_DifferentSeeds_ShuffleTheSameGrid()
    {
        var first = Proposals(new GridTuner(DiscreteSpace(), seed: 1), 12);
        var second = Proposals(new GridTuner(DiscreteSpace(), seed: 2), 12);

        Assert.NotEqual(first, second);
        Assert.Equal(first.ToHashSet(), second.ToHashSet());
    }

    [Fact]
    public void Propose_ContinuousDimension_UsesTheConfiguredNumberOfLevels()
    {
        var space = new SearchSpace { ["x"] = new UniformDoubleOption(0, 10) };
        var tuner = new GridTuner(space, seed: 3, new GridTunerOptions { LevelsPerContinuousDimension = 3 });

        var values = Proposals(tuner, 3).Select(p => p["x"].AsType<double>()).Order().ToArray();

        Assert.Equal([0.0, 5.0, 10.0], values);
    }

    [Fact]
    public void Propose_ContinuousDimension_DefaultsToFiveLevels()
    {
        var space = new SearchSpace { ["x"] = new UniformDoubleOption(0, 1) };
        var tuner = new GridTuner(space, seed: 3);

        Assert.Equal(5, (int)tuner.GridSize);
        Assert.Equal(5, Proposals(tuner, 5).Distinct().Count());
    }

    [Fact]
    public void Propose_ConditionalSpace_SkipsGridPointsThatGiveTheSameParameter()
    {
        // The grid has 2 (block) x 2 (kernel) points but "identity" ignores the kernel: 3 distinct parameters.
        var space = new SearchSpace
        {
            ["block"] = new ChoiceOption(
                new ChoiceValue("conv", new SearchSpace { ["kernel"] = new ChoiceOption(3, 5) }),
                new ChoiceValue("identity")),
        };
        var tuner = new GridTuner(space, seed: 5);

        var proposals = Proposals(tuner, 3);

        Assert.Equal(4, (int)tuner.GridSize);
        Assert.Equal(3, proposals.Distinct().Count());
    }

    [Fact]
    public void Constructor_FewerThanOneContinuousLevel_Throws()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => new GridTuner(DiscreteSpace(), seed: 1, new GridTunerOptions { LevelsPerContinuousDimension = 0 }));

        Assert.Contains("LevelsPerContinuousDimension", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_HugeGrid_StillEnumeratesDistinctPoints()
    {
        var space = new SearchSpace();
        for (var i = 0; i < 40; i++)
        {
            space.Add($"x{i}", new UniformIntOption(0, 9));
        }

        var tuner = new GridTuner(space, seed: 1);

        Assert.Equal(System.Numerics.BigInteger.Pow(10, 40), tuner.GridSize);
        Assert.Equal(20, Proposals(tuner, 20).Distinct().Count());
    }

    private static List<Parameter> Proposals(GridTuner tuner, int count) =>
        [.. TunerHarness.Run(tuner, count, s => TunerHarness.Result(s, TrialStatus.Completed, 0)).Select(r => r.TrialSettings.Parameter!)];
}
