using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

public sealed class MobileNetSpaceTests
{
    private static readonly InputShape s_fashion = InputShape.Image(1, 28, 28);

    [Fact]
    public void StageDepth_OneVersusThree_ChangesTheStagesBlockCount()
    {
        var space = ArchitectureSpaces.MobileNet();
        var parameter = space.MinimalCandidates()[0];

        parameter["stage2"]["depth"] = Parameter.FromInt(1);
        int shallow = space.Describe(parameter, s_fashion, 10).Nodes.OfType<InvertedResidualNode>().Count();
        parameter["stage2"]["depth"] = Parameter.FromInt(3);
        var deep = space.Describe(parameter, s_fashion, 10);

        Assert.Equal(shallow + 2, deep.Nodes.OfType<InvertedResidualNode>().Count());
        var stage2 = deep.Nodes.OfType<InvertedResidualNode>().Where(n => n.OutChannels == 16).ToList();
        Assert.Equal([2, 1, 1], stage2.Select(n => n.Stride));
        Assert.Equal([false, true, true], stage2.Select(n => n.HasShortcut));
    }

    [Fact]
    public void StageSettings_ApplyToEveryBlockOfTheStage()
    {
        var space = ArchitectureSpaces.MobileNet();
        var parameter = space.MinimalCandidates()[0];
        parameter["stage3"] = Parameter.CreateNestedParameter(
            ("depth", Parameter.FromInt(2)), ("kernel", Parameter.FromInt(5)), ("expansion", Parameter.FromInt(6)),
            ("se", Parameter.FromBool(true)), ("activation", Parameter.FromString("hardswish")));

        var blocks = space.Describe(parameter, s_fashion, 10).Nodes.OfType<InvertedResidualNode>().Skip(2).Take(2).ToList();

        Assert.All(blocks, b => Assert.Equal((5, 6, true, Activation.Hardswish), (b.Kernel, b.Expansion, b.SqueezeExcite, b.Activation)));
    }

    [Fact]
    public void WidthMultiplier_RoundsEveryWidthToAMultipleOfEight()
    {
        var space = ArchitectureSpaces.MobileNet();
        var parameter = space.MinimalCandidates()[0];
        parameter["width"] = Parameter.FromDouble(0.75);

        var nodes = space.Describe(parameter, s_fashion, 10).Nodes;

        Assert.Equal(16, ((ConvBnActNode)nodes[0]).OutChannels);
        Assert.Equal([24, 32, 64, 72], nodes.OfType<InvertedResidualNode>().Select(n => n.OutChannels));
        Assert.Equal(192, ((ConvBnActNode)nodes[^2]).OutChannels);
    }

    [Fact]
    public void DefaultStridePlan_On28x28_EndsAt7x7()
    {
        var space = ArchitectureSpaces.MobileNet();

        var description = space.Describe(space.MinimalCandidates()[0], s_fashion, 10);

        Assert.Equal(4, space.TotalStride);
        Assert.Equal(InputShape.Image(32, 7, 7), description.Nodes.OfType<InvertedResidualNode>().Last().Output);
        Assert.Equal(InputShape.Vector(10), description.Output);
    }

    [Fact]
    public void InputSmallerThanTheStridePlan_ThrowsWithExpectedAndFound()
    {
        var space = ArchitectureSpaces.MobileNet();

        var exception = Assert.Throws<ArgumentException>(() => space.Describe(space.MinimalCandidates()[0], InputShape.Image(1, 3, 3), 10));

        Assert.Contains("at least 4×4", exception.Message, StringComparison.Ordinal);
        Assert.Contains("total stride 4", exception.Message, StringComparison.Ordinal);
        Assert.Contains("found [1, 3, 3]", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => space.ValidateInput(InputShape.Vector(784)));
    }

    [Fact]
    public void PerBlockChoices_ShallowStage_IgnoresTheDeeperBlocksSettings()
    {
        var space = ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions { PerBlockChoices = true });
        var parameter = ArchitectureTestSpaces.Sample(space.SearchSpace, new Random(3));
        parameter["stage1"]["depth"] = Parameter.FromInt(2);
        parameter["stage1"]["block1"]["kernel"] = Parameter.FromInt(3);
        parameter["stage1"]["block2"]["kernel"] = Parameter.FromInt(7);
        string before = space.Describe(parameter, s_fashion, 10).ToJson();
        string summary = space.Summarize(parameter);

        parameter["stage1"]["block3"]["kernel"] = Parameter.FromInt(5);
        parameter["stage1"]["block3"]["expansion"] = Parameter.FromInt(6);

        Assert.Equal(before, space.Describe(parameter, s_fashion, 10).ToJson());
        Assert.Equal(summary, space.Summarize(parameter));
        var stage1 = space.Describe(parameter, s_fashion, 10).Nodes.OfType<InvertedResidualNode>().Take(2).ToList();
        Assert.Equal([3, 7], stage1.Select(n => n.Kernel));
    }

    [Fact]
    public void Summarize_OfTheCheapestArchitecture_IsThisLine()
    {
        var space = ArchitectureSpaces.MobileNet();

        Assert.Equal(
            "MobileNet w0.35: 8×1 k3e1 relu | 16×1 k3e1 relu | 32×1 k3e1 relu | 32×1 k3e1 relu | dropout 0",
            space.Summarize(space.MinimalCandidates()[0]));
    }

    [Fact]
    public void Parameter_OutsideTheSpace_ThrowsNamingTheKey()
    {
        var space = ArchitectureSpaces.MobileNet();
        var parameter = space.MinimalCandidates()[0];
        parameter["stage1"]["kernel"] = Parameter.FromInt(9);

        var exception = Assert.Throws<ArgumentException>(() => space.Describe(parameter, s_fashion, 10));

        Assert.Contains("'stage1'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'kernel'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("9 is not one of the values", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_WithMismatchedStridesOrEvenKernels_Throw()
    {
        Assert.Contains("StageStrides has 2 entries", Assert.Throws<ArgumentException>(() => new MobileNetSpace(new MobileNetSpaceOptions { StageStrides = [2, 2] })).Message, StringComparison.Ordinal);
        Assert.Contains("KernelChoices", Assert.Throws<ArgumentException>(() => new MobileNetSpace(new MobileNetSpaceOptions { KernelChoices = [3, 4] })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MobileNetSpace(new MobileNetSpaceOptions { DepthChoices = [] }));
    }

    [Fact]
    public void HeadChannelsZero_LeavesOutTheHeadConvolution()
    {
        var space = ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions { HeadChannels = 0 });

        var nodes = space.Describe(space.MinimalCandidates()[0], s_fashion, 10).Nodes;

        Assert.IsType<InvertedResidualNode>(nodes[^2]);
    }
}
