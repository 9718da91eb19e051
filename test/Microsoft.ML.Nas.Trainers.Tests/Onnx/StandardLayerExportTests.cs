using Microsoft.ML.Nas.Trainers.Tests.Training;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

[Collection(TorchTests.CollectionName)]
public sealed class StandardLayerExportTests(StandardLayerExportFixture fixture, ITestOutputHelper output)
    : IClassFixture<StandardLayerExportFixture>
{
    public static TheoryData<string> Layers => [.. StandardLayerExportFixture.CaseNames];

    [Theory]
    [MemberData(nameof(Layers))]
    public void ExportedLayer_RunsInOnnxRuntime_AndMatchesNasMLOnRawFashionMnistPixels(string layer)
    {
        var outcome = fixture.Outcomes[layer];
        output.WriteLine(outcome.ToString());
        Assert.True(outcome.Problems.Count == 0, outcome.ToString());
    }
}
