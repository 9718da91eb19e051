using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

public sealed class OtherSpacesTests
{
    private static readonly InputShape s_fashion = InputShape.Image(1, 28, 28);

    [Fact]
    public void ResNet_StageDepthAndWidth_MapToBlocksWithProjectionOnlyWhereNeeded()
    {
        var space = ArchitectureSpaces.ResNet();
        var parameter = Parameter.CreateNestedParameter(
            ("block", Parameter.FromString("basic")),
            ("stage1", Parameter.CreateNestedParameter(("depth", Parameter.FromInt(2)), ("width", Parameter.FromInt(16)))),
            ("stage2", Parameter.CreateNestedParameter(("depth", Parameter.FromInt(3)), ("width", Parameter.FromInt(48)))),
            ("stage3", Parameter.CreateNestedParameter(("depth", Parameter.FromInt(1)), ("width", Parameter.FromInt(64)))));

        var blocks = space.Describe(parameter, s_fashion, 10).Nodes.OfType<BasicBlockNode>().ToList();

        Assert.Equal([16, 16, 48, 48, 48, 64], blocks.Select(b => b.OutChannels));
        Assert.Equal([1, 1, 2, 1, 1, 2], blocks.Select(b => b.Stride));
        Assert.Equal([false, false, true, false, false, true], blocks.Select(b => b.HasDownsample));
        Assert.Equal(InputShape.Image(64, 7, 7), blocks[^1].Output);
        Assert.Equal("ResNet basic: 16×2 | 48×3 | 64×1", space.Summarize(parameter));
    }

    [Fact]
    public void ResNet_Bottleneck_UsesAQuarterOfTheWidthInside()
    {
        var space = ArchitectureSpaces.ResNet();
        var parameter = space.MinimalCandidates().Single(p => p["block"].AsType<string>() == "bottleneck");

        var blocks = space.Describe(parameter, s_fashion, 10).Nodes.OfType<BottleneckNode>().ToList();

        Assert.Equal([(16, 4), (32, 8), (64, 16)], blocks.Select(b => (b.OutChannels, b.MidChannels)));
    }

    [Fact]
    public void Mlp_LayerCount_IsAConditionalChoiceCarryingOnlyItsWidths()
    {
        var space = ArchitectureSpaces.Mlp();
        for (int seed = 0; seed < 20; seed++)
        {
            var parameter = ArchitectureTestSpaces.Sample(space.SearchSpace, new Random(seed));
            int layers = parameter["layers"]["value"].AsType<int>();

            Assert.Equal(layers + 1, parameter["layers"].Count);
            var dense = space.Describe(parameter, InputShape.Vector(20), 3).Nodes.OfType<DenseNode>().ToList();
            Assert.Equal(Enumerable.Range(1, layers).Select(i => parameter["layers"][$"width{i}"].AsType<int>()), dense.Select(d => d.OutFeatures));
        }
    }

    [Fact]
    public void Mlp_Residual_AppliesOnlyWhereWidthsMatch()
    {
        var space = ArchitectureSpaces.Mlp();
        var parameter = Parameter.CreateNestedParameter(
            ("layers", Parameter.CreateNestedParameter(
                ("value", Parameter.FromInt(3)), ("width1", Parameter.FromInt(64)), ("width2", Parameter.FromInt(64)), ("width3", Parameter.FromInt(32)))),
            ("activation", Parameter.FromString("gelu")),
            ("dropout", Parameter.FromDouble(0.1)),
            ("normalization", Parameter.FromString("batch")),
            ("residual", Parameter.FromBool(true)));

        var dense = space.Describe(parameter, InputShape.Vector(64), 2).Nodes.OfType<DenseNode>().ToList();

        Assert.Equal([true, true, false], dense.Select(d => d.Residual));
        Assert.All(dense, d => Assert.Equal((Activation.GELU, Normalization.Batch, 0.1), (d.Activation, d.Normalization, d.Dropout)));
        Assert.Equal("MLP 64-64-32 gelu norm batch dropout 0.1 residual", space.Summarize(parameter));
    }

    [Fact]
    public void Mlp_OnAnImage_ThrowsWithExpectedAndFound()
    {
        var exception = Assert.Throws<ArgumentException>(() => ArchitectureSpaces.Mlp().ValidateInput(s_fashion));

        Assert.Contains("needs a feature vector [features]; found [1, 28, 28]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NasBench201_ArchitectureString_RoundTripsThroughTheParameter()
    {
        const string Architecture = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        var space = ArchitectureSpaces.NasBench201();

        var parameter = space.ParseArchitecture(Architecture);

        Assert.Equal("nor_conv_3x3", parameter["2<-0"].AsType<string>());
        Assert.Equal("avg_pool_3x3", parameter["2<-1"].AsType<string>());
        Assert.Equal("NAS-Bench-201 " + Architecture, space.Summarize(parameter));
        Assert.Equal(
            [NasBench201Operation.Conv3x3, NasBench201Operation.Conv3x3, NasBench201Operation.AvgPool3x3, NasBench201Operation.SkipConnect, NasBench201Operation.Conv3x3, NasBench201Operation.SkipConnect],
            space.ReadCell(parameter));
        Assert.Throws<ArgumentException>(() => space.ParseArchitecture("|nor_conv_3x3~0|+|nor_conv_3x3~0|"));
        Assert.Throws<ArgumentException>(() => space.ParseArchitecture(Architecture.Replace("avg_pool_3x3", "max_pool_3x3", StringComparison.Ordinal)));
    }

    [Fact]
    public void NasBench201_Network_StacksFiveCellsPerStageWithTwoReductions()
    {
        var space = ArchitectureSpaces.NasBench201();
        var parameter = ArchitectureTestSpaces.Sample(space.SearchSpace, new Random(5));

        var nodes = space.Describe(parameter, s_fashion, 10).Nodes;

        Assert.Equal(1 + 15 + 2 + 2, nodes.Count);
        Assert.Equal(
            [InputShape.Image(16, 28, 28), InputShape.Image(32, 14, 14), InputShape.Image(64, 7, 7)],
            nodes.OfType<NasBench201CellNode>().Select(n => n.Output).Distinct());
        Assert.All(nodes.OfType<NasBench201CellNode>(), cell => Assert.Equal(space.ReadCell(parameter), cell.Edges));
    }

    [Fact]
    public void NasBench201_InputSmallerThanThreePixels_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => ArchitectureSpaces.NasBench201().ValidateInput(InputShape.Image(3, 2, 2)));

        Assert.Contains("at least 3×3", exception.Message, StringComparison.Ordinal);
        Assert.Contains("found [3, 2, 2]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summaries_AreStableAndTellDifferentNetworksApart()
    {
        foreach (var space in ArchitectureTestSpaces.All)
        {
            var parameters = ArchitectureTestSpaces.SeededParameters(space, 10).Select(p => p.Parameter).ToList();
            var summaries = parameters.Select(space.Space.Summarize).ToList();

            Assert.Equal(summaries, parameters.Select(p => space.Space.Summarize(Parameter.FromJson(p.ToJson()))));
            var descriptions = parameters.Select(p => space.Space.Describe(p, space.Input, space.Outputs).ToJson()).ToList();
            for (int i = 0; i < parameters.Count; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    Assert.True(summaries[i] != summaries[j] || descriptions[i] == descriptions[j], $"{space.Name}: '{summaries[i]}' names two networks");
                }
            }
        }
    }
}
