using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using Onnx;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

[Collection(TorchTests.CollectionName)]
public sealed class ArchitectureSpaceExportTests(ArchitectureSpaceExportFixture fixture, ITestOutputHelper output)
    : IClassFixture<ArchitectureSpaceExportFixture>
{
    public static TheoryData<string> Architectures => [.. ArchitectureSpaceExportFixture.CaseNames];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ArchitectureFromBundledSpace_RunsInOnnxRuntime_AndMatchesNasML(string architecture)
    {
        var outcome = fixture.Outcomes[architecture];
        output.WriteLine(outcome.ToString());
        Assert.True(outcome.Problems.Count == 0, outcome.ToString());
    }

    [Fact]
    public void ExportedArchitectures_FoldEveryBatchNormThatFollowsAConvolution_AndCarryTheirParameterJson()
    {
        foreach (var verification in fixture.Cases.Where(c => c.Options.ArchitectureJson is not null))
        {
            var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Outcomes[verification.Name].ModelPath));
            var convolutionFollowedByNorm = proto.Graph.Node
                .Where(node => node.OpType == "BatchNormalization")
                .Select(node => proto.Graph.Node.FirstOrDefault(producer => producer.Output.Contains(node.Input[0])))
                .Count(producer => producer?.OpType == "Conv");
            Assert.Equal(0, convolutionFollowedByNorm);
            Assert.Equal(
                verification.Options.ArchitectureJson,
                proto.MetadataProps.Single(entry => entry.Key == OnnxMetadataKeys.Architecture).Value);
        }
    }
}
