using System.Globalization;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>
/// Random architectures of every bundled space (and the hand-built networks that reach every node type) exported and
/// run in ONNX Runtime on real inputs: Fashion-MNIST images (resized and stacked to the space's input shape) or churn
/// rows for the MLP space.
/// </summary>
public sealed class ArchitectureSpaceExportFixture : IDisposable
{
    /// <summary>Random architectures exported per space.</summary>
    public const int SamplesPerSpace = 4;

    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-spaces-").FullName;
    private readonly List<nn.Module<Tensor, Tensor>> _models = [];

    public ArchitectureSpaceExportFixture()
    {
        Cases = [.. BuildCases()];
        Outcomes = OnnxVerifier.ExportAndCompare(Cases, _directory);
    }

    public static IEnumerable<string> CaseNames =>
        ArchitectureTestSpaces.All
            .SelectMany(space => Enumerable.Range(0, SamplesPerSpace).Select(index => CaseName(space.Name, index)))
            .Concat(ArchitectureTestSpaces.Handmade().Select((_, index) => CaseName("handmade", index)));

    internal IReadOnlyList<OnnxVerificationCase> Cases { get; }

    public IReadOnlyDictionary<string, OnnxCaseOutcome> Outcomes { get; }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static string CaseName(string space, int index) => string.Create(CultureInfo.InvariantCulture, $"{space}-{index}");

    private IEnumerable<OnnxVerificationCase> BuildCases()
    {
        var churn = OnnxTestData.ChurnPreprocessor;
        foreach (var space in ArchitectureTestSpaces.All)
        {
            var input = space.Input.IsVector ? InputShape.Vector(churn.FeatureCount) : space.Input;
            var outputs = space.Input.IsVector ? churn.ClassNames!.Count : space.Outputs;
            for (var index = 0; index < SamplesPerSpace; index++)
            {
                var seed = 5000 + (100 * ArchitectureTestSpaces.All.ToList().IndexOf(space)) + index;
                var parameter = ArchitectureTestSpaces.Sample(space.Space.SearchSpace, new Random(seed));
                torch.manual_seed(seed);
                var description = space.Space.Describe(parameter, input, outputs);
                yield return Case(CaseName(space.Name, index), description, parameter.ToJson());
            }
        }

        var handmade = ArchitectureTestSpaces.Handmade();
        for (var index = 0; index < handmade.Count; index++)
        {
            torch.manual_seed(9000 + index);
            yield return Case(CaseName("handmade", index), handmade[index], architectureJson: null);
        }
    }

    private OnnxVerificationCase Case(string name, NetworkDescription description, string? architectureJson)
    {
        var shape = description.Input.Dimensions.ToArray();
        var outputs = description.Output.Channels;
        IReadOnlyList<OnnxBatch> batches;
        OnnxInputNormalization normalization;
        IReadOnlyList<string>? labels;
        if (description.Input.IsVector)
        {
            batches = OnnxTestData.ChurnBatches();
            normalization = OnnxInputNormalization.FromTabularPreprocessor(OnnxTestData.ChurnPreprocessor);
            labels = OnnxTestData.ChurnPreprocessor.ClassNames;
        }
        else
        {
            batches = [OnnxTestData.ImageBatch(shape, 0, 17), OnnxTestData.ImageBatch(shape, 5000, 1)];
            normalization = new OnnxInputNormalization(
                Enumerable.Repeat(OnnxTestData.FashionMean, shape[0]), Enumerable.Repeat(OnnxTestData.FashionStandardDeviation, shape[0]));
            labels = outputs == OnnxTestData.FashionLabels.Count ? OnnxTestData.FashionLabels : null;
        }

        var model = OnnxTestData.WithTrainedBatchNorm(description.Build(), batches[0], shape);
        _models.Add(model);
        return new OnnxVerificationCase(
            name,
            model,
            new OnnxExportOptions
            {
                InputShape = shape,
                InputNormalization = normalization,
                ClassLabels = labels,
                ArchitectureJson = architectureJson,
            },
            batches);
    }
}
