using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

public sealed class ComposedSpaceTests
{
    private static readonly InputShape s_fashion = InputShape.Image(1, 28, 28);

    [Fact]
    public void UserComposedSpace_FromTheGuide_DescribesBuildsAndRuns()
    {
        // The example of docs/architecture-spaces.md, verbatim.
        var space = ArchitectureSpaces.Compose("tiny-cnn");
        space.Add(Layers.ConvBnAct(channels: ValueChoice.Of(8, 16), activation: ValueChoice.Of(Activation.ReLU, Activation.Hardswish)));
        space.Add("stage1", Layers.Repeat([1, 2], Layers.Choice(
            Layers.InvertedResidual(ValueChoice.Of(16, 24), kernel: ValueChoice.Of(3, 5), expansion: ValueChoice.Of(2, 4), stride: 2),
            Layers.BasicBlock(24, stride: 2))));
        space.Add("stage2", Layers.Repeat([1, 2, 3], Layers.InvertedResidual(32, kernel: ValueChoice.Of(3, 5, 7), stride: 2), shareDecisions: false));
        space.Add(Layers.Classifier(dropout: ValueChoice.Of(0.0, 0.2)));

        var random = new Random(7);
        for (int trial = 0; trial < 3; trial++)
        {
            var parameter = ArchitectureTestSpaces.Sample(space.SearchSpace, random);
            var description = space.Describe(parameter, s_fashion, 10);
            using var network = description.Build();
            using var scope = torch.NewDisposeScope();

            var output = network.forward(torch.randn(4, 1, 28, 28));

            Assert.Equal([4L, 10L], output.shape);
            Assert.Equal(description.Parameters, network.parameters().Sum(p => p.numel()));
            Assert.StartsWith("tiny-cnn: conv_bn_act(", space.Summarize(parameter), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SearchSpace_HasOneKeyPerSearchedTemplate()
    {
        var space = ArchitectureTestSpaces.Composed();

        Assert.Equal(["layer1", "stage1", "stage2", "pool", "layer5"], space.SearchSpace.Keys);
        var stage1 = (SearchSpace)space.SearchSpace["stage1"];
        Assert.Equal(["depth", "layer"], stage1.Keys);
        Assert.Equal(["depth", "layer1", "layer2", "layer3"], ((SearchSpace)space.SearchSpace["stage2"]).Keys);
    }

    [Fact]
    public void LayerChoice_And_Repeat_MapToTheChosenBlocksWithStrideOnlyOnTheFirst()
    {
        var space = ArchitectureTestSpaces.Composed();
        var parameter = space.MinimalCandidates()[0];
        parameter["stage1"] = Parameter.CreateNestedParameter(
            ("depth", Parameter.FromInt(2)),
            ("layer", Parameter.CreateNestedParameter(("value", Parameter.FromString("basic_block")))));
        parameter["stage2"]["depth"] = Parameter.FromInt(3);
        parameter["stage2"]["layer2"] = Parameter.CreateNestedParameter(("kernel", Parameter.FromInt(7)));
        parameter["pool"] = Parameter.FromString("max_pool"); // no candidate has settings: a plain choice

        var nodes = space.Describe(parameter, s_fashion, 10).Nodes;

        Assert.Equal([2, 1], nodes.OfType<BasicBlockNode>().Select(b => b.Stride));
        Assert.Equal([2, 1, 1], nodes.OfType<InvertedResidualNode>().Select(b => b.Stride));
        Assert.Equal([3, 7, 3], nodes.OfType<InvertedResidualNode>().Select(b => b.Kernel));
        Assert.Equal(InputShape.Image(32, 3, 3), nodes.OfType<PoolNode>().Single().Output);
        Assert.Equal(
            "tiny-cnn: conv_bn_act(channels=8,activation=relu) | 2×basic_block | [inverted_residual(kernel=3), inverted_residual(kernel=7), inverted_residual(kernel=3)] | max_pool | classifier(dropout=0)",
            space.Summarize(parameter));
    }

    [Fact]
    public void Choice_WithTwoCandidatesOfOneName_ThrowsSuggestingWithName()
    {
        var exception = Assert.Throws<ArgumentException>(() => Layers.Choice(Layers.BasicBlock(16), Layers.BasicBlock(32)));

        Assert.Contains("WithName", exception.Message, StringComparison.Ordinal);
        Assert.Equal("wide", Layers.Choice(Layers.BasicBlock(16), Layers.BasicBlock(32).WithName("wide")).Option is ChoiceOption choice
            ? choice.Values[1].Value.AsType<string>()
            : null);
    }

    [Fact]
    public void Space_WithoutAClassifier_ThrowsWhenDescribing()
    {
        var space = new ComposedArchitectureSpace("headless") { Layers.ConvBnAct(8) };

        Assert.Throws<InvalidOperationException>(() => space.Describe(Parameter.CreateObject(), s_fashion, 10));
    }

    [Fact]
    public void Add_AfterTheSpaceIsInUse_Throws()
    {
        var space = new ComposedArchitectureSpace { Layers.ConvBnAct(ValueChoice.Of(8, 16)), Layers.Classifier() };
        _ = space.SearchSpace;

        Assert.Throws<InvalidOperationException>(() => space.Add(Layers.Flatten()));
    }

    [Fact]
    public void ValidateInput_WhenALayerDoesNotFit_ThrowsNamingTheLayersNeed()
    {
        var space = new ComposedArchitectureSpace("pooled") { Layers.MaxPool(4), Layers.Classifier() };

        var exception = Assert.Throws<ArgumentException>(() => space.ValidateInput(InputShape.Image(1, 3, 3)));

        Assert.Contains("at least 4×4", exception.Message, StringComparison.Ordinal);
        Assert.Contains("found 3×3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabularComposition_WithFlattenAndDense_Works()
    {
        var space = new ComposedArchitectureSpace("table")
        {
            Layers.Dense(ValueChoice.Of(16, 32), normalization: ValueChoice.Of(Normalization.None, Normalization.Batch)),
            Layers.Repeat([1, 2], Layers.Dense(32, residual: true)),
            Layers.Classifier(),
        };

        foreach (var candidate in space.MinimalCandidates())
        {
            var description = space.Describe(candidate, InputShape.Vector(12), 2);
            Assert.Equal([false, false], description.Nodes.OfType<DenseNode>().Select(d => d.Residual));
        }

        var wide = Parameter.CreateNestedParameter(
            ("layer1", Parameter.CreateNestedParameter(("width", Parameter.FromInt(32)), ("normalization", Parameter.FromString("batch")))),
            ("layer2", Parameter.CreateNestedParameter(("depth", Parameter.FromInt(2)))));
        Assert.Equal([false, true, true], space.Describe(wide, InputShape.Vector(12), 2).Nodes.OfType<DenseNode>().Select(d => d.Residual));
    }
}
