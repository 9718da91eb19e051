using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Proxies;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures.UserModules;

/// <summary>
/// A user-written module as a <see cref="ModuleNode"/>: traced costs, declared MACs, keys, errors. In the torch
/// collection because tracing saves and restores the global random state, which a parallel test would move.
/// </summary>
[Collection(TorchTests.CollectionName)]
public sealed class ModuleNodeTests
{
    private static readonly InputShape s_fashion = InputShape.Image(1, 28, 28);

    [Fact]
    public void Constructor_ConvolutionAndLinearModule_TracesOutputParametersAndMacs()
    {
        var node = new ModuleNode("tiny", s_fashion, null, (input, _) => new TinyConvNet(input, width: 4, outputs: 10));

        Assert.Equal(InputShape.Vector(10), node.Output);
        Assert.Equal((1 * 4 * 9) + 4 + (4 * 14 * 14 * 10) + 10, node.Parameters); // conv 40, linear 7,850
        Assert.Equal((4 * 14 * 14 * 1 * 9) + (4 * 14 * 14 * 10), node.Macs);      // conv: out elements × c_in × 3·3; linear: in × out
        Assert.Equal(NetworkNode.BytesPerElement * (784 + 10), node.PeakMemoryBytes);
        Assert.Equal("module", node.NodeType);
    }

    [Fact]
    public void Constructor_ModuleStatingItsMacs_UsesTheStatedCountAndCountsEveryParameter()
    {
        var node = new ModuleNode("declared", InputShape.Vector(5), null, (_, _) => new DeclaredMacs(5));

        Assert.Equal(1234, node.Macs);
        Assert.Equal(25, node.Parameters);
        Assert.Equal(InputShape.Vector(5), node.Output);
    }

    [Fact]
    public void Constructor_OperationsOtherThanConvolutionsAndLinearLayers_CountZeroMacs()
    {
        var node = new ModuleNode("pool", s_fashion, null, (_, _) => nn.AvgPool2d(2));

        Assert.Equal(0, node.Macs);
        Assert.Equal(InputShape.Image(1, 14, 14), node.Output);
    }

    [Fact]
    public void Constructor_LeavesTheGlobalRandomStateAsItWas()
    {
        torch.manual_seed(5);
        var expected = torch.rand(4).data<float>().ToArray();
        torch.manual_seed(5);

        _ = new ModuleNode("gated", s_fashion, null, (input, _) => new GatedConv(input.Channels, 8));

        Assert.Equal(expected, torch.rand(4).data<float>().ToArray());
    }

    [Fact]
    public void Constructor_ModuleReturningAThreeDimensionalBatch_ThrowsNamingTheModuleAndTheShape()
    {
        var error = Assert.Throws<ArgumentException>(() => new ModuleNode("flat", s_fashion, null, (_, _) => nn.Flatten(2)));

        Assert.Contains("user module 'flat'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 1, 784]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ModuleThatCannotRunOnTheInput_ThrowsNamingTheModuleAndTheBatch()
    {
        var error = Assert.Throws<ArgumentException>(() => new ModuleNode("wrong", s_fashion, null, (_, _) => new GatedConv(3, 8)));

        Assert.Contains("user module 'wrong'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 1, 28, 28]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyKeyAndBuild_NameTheModuleAndItsSettings_AndBuildTheUserModuleItself()
    {
        var settings = Parameter.FromObject([KeyValuePair.Create("width", Parameter.FromInt(8))]);
        var node = new ModuleNode("gated", s_fashion, settings, (input, s) => new GatedConv(input.Channels, s["width"].AsType<int>()));

        Assert.Equal("""module|in=1x28x28|name=gated|settings={"width":8}""", node.LatencyKey);
        Assert.Equal(LatencyTerm.Of(node).Single().Key, node.LatencyKey);
        using var module = node.Build();
        Assert.IsType<GatedConv>(module);
        Assert.Equal(node.Parameters, module.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ZeroCostScorer_NetworkWithAUserModule_ScoresEveryProxy()
    {
        torch.manual_seed(9);
        using var data = TensorDataset.FromTensors(torch.randn(48, 1, 12, 12), torch.randint(0, 3, [48], ScalarType.Int64), TrainingTask.Classification, classCount: 3);
        var space = ArchitectureSpaces.FromFactory(
            "tiny", new SearchSpace { ["width"] = new ChoiceOption(4, 8) }, (p, input, outputs) => new TinyConvNet(input, p["width"].AsType<int>(), outputs));
        var description = space.Describe(space.MinimalCandidates()[0], InputShape.Image(1, 12, 12), 3);
        using var scorer = new ZeroCostScorer(data, batchSize: 16, seed: 1);

        var scores = scorer.Score(description, [ZeroCostProxy.GradNorm, ZeroCostProxy.Snip, ZeroCostProxy.SynFlow]);

        Assert.All(scores, score => Assert.True(double.IsFinite(score) && score > 0, $"score {score}"));
    }
}
