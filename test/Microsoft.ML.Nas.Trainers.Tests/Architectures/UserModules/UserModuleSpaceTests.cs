using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures.UserModules;

/// <summary>User modules in composed spaces (<see cref="Layers.Module(string, Func{InputShape, nn.Module{Tensor, Tensor}})"/>) and whole user networks (<see cref="ArchitectureSpaces.FromFactory"/>).</summary>
[Collection(TorchTests.CollectionName)]
public sealed class UserModuleSpaceTests
{
    private static readonly InputShape s_fashion = InputShape.Image(1, 28, 28);

    [Fact]
    public void Choice_UserBlockNextToBundledBlocks_DescribesEveryCandidateWithTracedCosts()
    {
        var gated = Layers.Module("gated", "width", ValueChoice.Of(4, 8), (input, width) => new GatedConv(input.Channels, width));
        var space = new ComposedArchitectureSpace("mixed")
        {
            Layers.ConvBnAct(8, stride: 2),
            { "block", Layers.Choice(gated, Layers.BasicBlock(8)) },
            Layers.Classifier(),
        };

        var user = Parameter.FromObject([KeyValuePair.Create("block", Parameter.FromObject([
            KeyValuePair.Create(ChoiceOption.ValueKey, Parameter.FromString("gated")), KeyValuePair.Create("width", Parameter.FromInt(4))]))]);
        var description = space.Describe(user, s_fashion, 10);

        var node = Assert.IsType<ModuleNode>(description.Nodes[1]);
        Assert.Equal("gated", node.Name);
        Assert.Equal(InputShape.Image(4, 14, 14), node.Output);
        Assert.Equal((8 * 4 * 9) + 4 + (2 * 4) + 4, node.Parameters); // conv, batch norm, gate
        Assert.Equal(4 * 14 * 14 * 8 * 9, node.Macs);
        Assert.Equal("mixed: conv_bn_act | gated(width=4) | classifier", space.Summarize(user));
        using var network = description.Build();
        Assert.Equal(description.Parameters, network.parameters().Sum(p => p.numel()));
        Assert.Contains(space.MinimalCandidates(), c => c.ToJson().Contains("\"width\":4", StringComparison.Ordinal));
        Assert.Contains(space.MinimalCandidates(), c => c.ToJson().Contains("\"width\":8", StringComparison.Ordinal));
        Assert.Equal(description.Parameters, space.MinimumCosts(s_fashion, 10).Parameters);
    }

    [Fact]
    public void Module_FixedUserBlock_AddsNoDecisionAndKeepsItsSettingInTheNode()
    {
        var space = new ComposedArchitectureSpace("fixed")
        {
            Layers.Module("gated", "width", ValueChoice.Fixed(6), (input, width) => new GatedConv(input.Channels, width)),
            Layers.Module("pool", _ => nn.AvgPool2d(2)),
            Layers.Classifier(),
        };

        var description = space.Describe(Parameter.CreateObject(), s_fashion, 3);

        Assert.Empty(space.SearchSpace);
        Assert.Equal(6, ((ModuleNode)description.Nodes[0]).Settings["width"].AsType<int>());
        Assert.Equal(InputShape.Image(6, 14, 14), description.Nodes[1].Output);
        Assert.Equal("fixed: gated | pool | classifier", space.Summarize(Parameter.CreateObject()));
    }

    [Fact]
    public void FromFactory_WholeUserNetworks_DescribeOneModuleNodeAndEnumerateTheMinimalCandidates()
    {
        var space = ArchitectureSpaces.FromFactory(
            "tiny", new SearchSpace { ["width"] = new ChoiceOption(2, 4, 8) }, (p, input, outputs) => new TinyConvNet(input, p["width"].AsType<int>(), outputs));

        var description = space.Describe(Parameter.FromObject([KeyValuePair.Create("width", Parameter.FromInt(2))]), s_fashion, 10);

        var node = Assert.IsType<ModuleNode>(Assert.Single(description.Nodes));
        Assert.Equal("tiny", node.Name);
        Assert.Equal(InputShape.Vector(10), description.Output);
        Assert.Equal(3, space.MinimalCandidates().Count);
        Assert.Equal(description.Parameters, space.MinimumCosts(s_fashion, 10).Parameters);
        var read = NetworkDescription.FromJson(description.ToJson(), space.Factories);
        using var network = read.Build();
        Assert.IsType<TinyConvNet>(network.Layers[0]);
    }

    [Fact]
    public void FromFactory_NetworkWithAnotherOutputWidth_ThrowsNamingBothShapes()
    {
        var space = ArchitectureSpaces.FromFactory("fixed-ten", new SearchSpace { ["width"] = new ChoiceOption(4) }, (p, input, _) => new TinyConvNet(input, 4, 10));

        var error = Assert.Throws<InvalidOperationException>(() => space.Describe(space.MinimalCandidates()[0], s_fashion, 3));

        Assert.Contains("output per sample is [10]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[N, 3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFactory_InputTheNetworkCannotRead_FailsValidationNamingTheModule()
    {
        var space = ArchitectureSpaces.FromFactory("three-channels", new SearchSpace { ["width"] = new ChoiceOption(4) }, (p, _, outputs) => new TinyConvNet(InputShape.Image(3, 28, 28), 4, outputs));

        var error = Assert.Throws<ArgumentException>(() => space.ValidateInput(s_fashion));

        Assert.Contains("three-channels space does not fit the input [1, 28, 28]", error.Message, StringComparison.Ordinal);
        Assert.Contains("user module 'three-channels'", error.Message, StringComparison.Ordinal);
    }
}
