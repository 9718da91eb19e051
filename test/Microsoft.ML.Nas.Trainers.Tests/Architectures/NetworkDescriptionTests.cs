using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

public sealed class NetworkDescriptionTests
{
    [Fact]
    public void Json_OfEveryNodeType_RoundTripsWithTheSameCostsAndKeys()
    {
        foreach (var description in ArchitectureTestSpaces.Handmade())
        {
            string json = description.ToJson();
            var read = NetworkDescription.FromJson(json);

            Assert.Equal(json, read.ToJson());
            Assert.Equal(description.Output, read.Output);
            Assert.Equal(description.Parameters, read.Parameters);
            Assert.Equal(description.Macs, read.Macs);
            Assert.Equal(description.PeakMemoryBytes, read.PeakMemoryBytes);
            Assert.Equal(description.Nodes.Select(n => n.LatencyKey), read.Nodes.Select(n => n.LatencyKey));
            Assert.Equal(description.Nodes.Select(n => n.GetType()), read.Nodes.Select(n => n.GetType()));
        }
    }

    [Fact]
    public void Json_OfSampledDescriptions_RoundTripsForEverySpace()
    {
        foreach (var space in ArchitectureTestSpaces.All)
        {
            foreach (var (_, parameter) in ArchitectureTestSpaces.SeededParameters(space, 10))
            {
                var description = space.Space.Describe(parameter, space.Input, space.Outputs);
                var indented = description.ToJson(indented: true);

                Assert.Equal(description.ToJson(), NetworkDescription.FromJson(indented).ToJson());
            }
        }
    }

    [Fact]
    public void Json_WritesTheNodeTypeAsDiscriminatorAndSettingsOnly()
    {
        var description = new NetworkDescription(InputShape.Vector(4), [new ClassifierNode(InputShape.Vector(4), 2)]);

        Assert.Equal("{\"input\":[4],\"nodes\":[{\"type\":\"classifier\",\"input\":[4],\"outputs\":2,\"dropout\":0}]}", description.ToJson());
    }

    [Fact]
    public void FromJson_WithAnUnknownNodeType_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => NetworkDescription.FromJson("{\"input\":[4],\"nodes\":[{\"type\":\"transformer\",\"input\":[4]}]}"));
    }

    [Fact]
    public void FromJson_WithShapesThatDoNotChain_ThrowsNamingTheNode()
    {
        const string Json = "{\"input\":[4],\"nodes\":[{\"type\":\"dense\",\"input\":[4],\"outFeatures\":8},{\"type\":\"classifier\",\"input\":[9],\"outputs\":2}]}";

        var exception = Assert.Throws<JsonException>(() => NetworkDescription.FromJson(Json));

        Assert.Contains("Node 1 (classifier) expects the input [9], but the previous node's output is [8]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_WithAnInvalidSetting_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => NetworkDescription.FromJson(
            "{\"input\":[1,8,8],\"nodes\":[{\"type\":\"conv_bn_act\",\"input\":[1,8,8],\"outChannels\":4,\"kernel\":2}]}"));
        Assert.Throws<JsonException>(() => NetworkDescription.FromJson(
            "{\"input\":[1,8,8],\"nodes\":[{\"type\":\"conv_bn_act\",\"input\":[1,8,8],\"outChannels\":4,\"kernel\":3,\"colour\":1}]}"));
    }

    [Fact]
    public void Constructor_WithoutNodes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NetworkDescription(InputShape.Vector(3), []));
    }

    [Fact]
    public void Costs_AreTheSumsAndTheLargestNodePeak()
    {
        var description = ArchitectureTestSpaces.Handmade()[0];

        Assert.Equal(description.Nodes.Sum(n => n.Parameters), description.Parameters);
        Assert.Equal(description.Nodes.Sum(n => n.Macs), description.Macs);
        Assert.Equal(description.Nodes.Max(n => n.PeakMemoryBytes), description.PeakMemoryBytes);
    }

    [Fact]
    public void Forward_InTrainingMode_GivesBatchByOutputsAndGradientsForEveryParameter()
    {
        var description = ArchitectureTestSpaces.Handmade()[0];
        using var network = description.Build();
        using var scope = torch.NewDisposeScope();
        var input = torch.randn([3, .. description.Input.Dimensions.Select(d => (long)d)]);

        var output = network.forward(input);
        Assert.Equal([3L, 5L], output.shape);
        Assert.Equal(2, scope.DisposablesCount);
        output.sum().backward();

        Assert.All(network.named_parameters(), entry => Assert.NotNull(entry.parameter.grad));
    }

    [Fact]
    public void Forward_WithTheWrongSampleShape_ThrowsNamingExpectedAndFound()
    {
        using var network = ArchitectureTestSpaces.Handmade()[1].Build();
        using var scope = torch.NewDisposeScope();

        var exception = Assert.Throws<ArgumentException>(() => network.forward(torch.zeros(2, 2, 8, 8)));

        Assert.Contains("expects a batch [N, 2, 7, 7]; found [2, 2, 8, 8]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NamesLayersLikeASequential()
    {
        using var network = ArchitectureTestSpaces.Handmade()[1].Build();

        var names = network.named_parameters().Select(p => p.name).ToList();

        Assert.Contains("0.conv.weight", names);
        Assert.Contains("1.edges.0.conv.weight", names);
        Assert.Contains("2.downsample.1.weight", names);
        Assert.Contains("4.expand.conv.weight", names);
        Assert.Contains("4.se.fc1.bias", names);
        Assert.Contains("5.fc.weight", names);
    }
}
