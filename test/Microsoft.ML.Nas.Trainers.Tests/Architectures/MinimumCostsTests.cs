using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

public sealed class MinimumCostsTests
{
    public static TheoryData<string> SpaceNames => [.. ArchitectureTestSpaces.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void MinimumCosts_AreAtMostEverySampledArchitecturesAndReachedByACandidate(string spaceName)
    {
        var space = ArchitectureTestSpaces.Get(spaceName);
        var minimum = space.Space.MinimumCosts(space.Input, space.Outputs);

        foreach (var (_, parameter) in ArchitectureTestSpaces.SeededParameters(space, 60))
        {
            var costs = AnalyticCosts.Of(space.Space.Describe(parameter, space.Input, space.Outputs));
            Assert.True(minimum.Parameters <= costs.Parameters, $"{spaceName}: {minimum} vs {costs}");
            Assert.True(minimum.Macs <= costs.Macs, $"{spaceName}: {minimum} vs {costs}");
            Assert.True(minimum.PeakMemoryBytes <= costs.PeakMemoryBytes, $"{spaceName}: {minimum} vs {costs}");
        }

        var candidates = space.Space.MinimalCandidates().Select(p => AnalyticCosts.Of(space.Space.Describe(p, space.Input, space.Outputs))).ToList();
        Assert.Contains(candidates, c => c.Parameters == minimum.Parameters);
        Assert.Contains(candidates, c => c.Macs == minimum.Macs);
        Assert.Contains(candidates, c => c.PeakMemoryBytes == minimum.PeakMemoryBytes);
    }

    [Fact]
    public void MinimumCosts_OfNasBench201_EqualTheExhaustiveMinimumOverAll15625Cells()
    {
        var space = ArchitectureSpaces.NasBench201(new NasBench201SpaceOptions { CellsPerStage = 1, Channels = 4 });
        var input = InputShape.Image(1, 8, 8);
        var operations = new[] { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" };
        long parameters = long.MaxValue, macs = long.MaxValue, memory = long.MaxValue;
        for (int code = 0; code < 15625; code++)
        {
            var parameter = SearchSpaces.Parameter.CreateObject();
            int rest = code;
            foreach (string key in NasBench201Space.EdgeKeys)
            {
                parameter[key] = SearchSpaces.Parameter.FromString(operations[rest % 5]);
                rest /= 5;
            }

            var description = space.Describe(parameter, input, 3);
            parameters = Math.Min(parameters, description.Parameters);
            macs = Math.Min(macs, description.Macs);
            memory = Math.Min(memory, description.PeakMemoryBytes);
        }

        Assert.Equal(new AnalyticCosts(parameters, macs, memory), space.MinimumCosts(input, 3));
    }

    [Fact]
    public void MinimumCosts_OfAnMlp_ConsiderEveryLayerCountBecauseAHiddenLayerCanBeCheaper()
    {
        var space = ArchitectureSpaces.Mlp(new MlpSpaceOptions { LayerCounts = [0, 1], WidthChoices = [8, 16] });
        var input = InputShape.Vector(1000);

        var minimum = space.MinimumCosts(input, 100);

        // 0 layers: 1000·100 + 100; 1 layer of 8: 1000·8 + 8 + 8·100 + 100.
        Assert.Equal(8908, minimum.Parameters);
        Assert.Equal(2, space.MinimalCandidates().Count);
    }

    [Fact]
    public void MinimumCosts_OfAComposedSpace_EnumerateTheLayerChoices()
    {
        var space = ArchitectureTestSpaces.Composed();

        Assert.Equal(3 * 2, space.MinimalCandidates().Count);
    }
}
