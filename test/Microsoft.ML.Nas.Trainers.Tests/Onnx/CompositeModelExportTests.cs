using Microsoft.ML.Nas.Trainers.Tests.Training;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

[Collection(TorchTests.CollectionName)]
public sealed class CompositeModelExportTests(CompositeModelExportFixture fixture, ITestOutputHelper output)
    : IClassFixture<CompositeModelExportFixture>
{
    public static TheoryData<string> Models => [.. CompositeModelExportFixture.CaseNames];

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportedModel_RunsInOnnxRuntimeOnRawInputs_AndMatchesNasMLForBatchesOf17And1(string model)
    {
        var outcome = fixture.Outcomes[model];
        output.WriteLine(outcome.ToString());
        Assert.True(outcome.Problems.Count == 0, outcome.ToString());
    }
}
