using System.Text.Json;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures.UserModules;

/// <summary>Descriptions with user modules written to JSON and read back with and without their factories.</summary>
[Collection(TorchTests.CollectionName)]
public sealed class UserModuleJsonTests
{
    private static readonly ModuleFactory s_gated = (input, settings) => new GatedConv(input.Channels, settings["width"].AsType<int>());

    [Fact]
    public void FromJson_WithTheFactory_RoundTripsAndBuilds()
    {
        var description = Description();
        var json = description.ToJson();

        var read = NetworkDescription.FromJson(json, new Dictionary<string, ModuleFactory> { ["gated"] = s_gated });

        Assert.Equal(json, read.ToJson());
        Assert.Contains("""{"type":"module","input":[1,28,28],"name":"gated","settings":{"width":8},"output":[8,28,28],"parameters":104,"macs":56448}""", json, StringComparison.Ordinal);
        var module = Assert.IsType<ModuleNode>(read.Nodes[0]);
        Assert.NotNull(module.Factory);
        Assert.Equal(description.Parameters, read.Parameters);
        Assert.Equal(description.Macs, read.Macs);
        using var network = read.Build();
        using var scope = torch.NewDisposeScope();
        Assert.Equal([2L, 10L], network.call(torch.randn(2, 1, 28, 28)).shape);
    }

    [Fact]
    public void FromJson_WithoutFactories_KeepsTheCostsButBuildingNamesTheModuleAndHowToPassItsFactory()
    {
        var description = Description();

        var read = NetworkDescription.FromJson(description.ToJson());

        Assert.Null(Assert.IsType<ModuleNode>(read.Nodes[0]).Factory);
        Assert.Equal(description.Parameters, read.Parameters);
        Assert.Equal(description.Nodes[0].LatencyKey, read.Nodes[0].LatencyKey);
        var error = Assert.Throws<InvalidOperationException>(() => read.Build());
        Assert.Contains("user module 'gated'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pass its factory", error.Message, StringComparison.Ordinal);
        Assert.Contains("NasModel.Load(path, moduleFactories)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_FactoriesWithoutTheModule_ThrowsNamingTheMissingModule()
    {
        var error = Assert.Throws<JsonException>(() =>
            NetworkDescription.FromJson(Description().ToJson(), new Dictionary<string, ModuleFactory> { ["other"] = s_gated }));

        Assert.Contains("user module 'gated'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_FactoryBuildingAnotherModule_ThrowsNamingBothOutputs()
    {
        var wider = new Dictionary<string, ModuleFactory> { ["gated"] = (input, _) => new GatedConv(input.Channels, 16) };

        var error = Assert.Throws<JsonException>(() => NetworkDescription.FromJson(Description().ToJson(), wider));

        Assert.Contains("[16, 28, 28]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[8, 28, 28]", error.Message, StringComparison.Ordinal);
    }

    private static NetworkDescription Description()
    {
        var input = InputShape.Image(1, 28, 28);
        var block = new ModuleNode("gated", input, Parameter.FromObject([KeyValuePair.Create("width", Parameter.FromInt(8))]), s_gated);
        return new NetworkDescription(input, [block, new ClassifierNode(block.Output, 10)]);
    }
}
