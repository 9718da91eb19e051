using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>
/// Whole networks in ONNX Runtime: a Fashion-MNIST CNN classifier, churn-table MLPs (classification and regression,
/// with the preprocessor's imputation and standardization in the graph), and user modules that plug in their own export
/// (<see cref="IOnnxExportable"/>) or a converter the user registers (<see cref="OnnxConverterRegistry.With{TModule}"/>).
/// </summary>
public sealed class CompositeModelExportFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-composite-").FullName;
    private readonly List<nn.Module<Tensor, Tensor>> _models = [];

    public CompositeModelExportFixture()
    {
        Outcomes = OnnxVerifier.ExportAndCompare([.. Cases()], _directory);
    }

    public static IReadOnlyList<string> CaseNames { get; } =
        ["cnn-classifier", "cnn-classifier-unfolded", "mlp-churn-classifier", "mlp-churn-regression", "self-exporting-module", "registered-converter"];

    public IReadOnlyDictionary<string, OnnxCaseOutcome> Outcomes { get; }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static Sequential FashionCnn()
    {
        var features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding: 1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(16), nn.ReLU6(),
            nn.Conv2d(16, 16, 3, padding: 1, groups: 16, bias: false), nn.BatchNorm2d(16), nn.Hardswish(),
            nn.Conv2d(16, 24, 1, bias: false), nn.BatchNorm2d(24), nn.SiLU());
        var classifier = nn.Sequential(
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(24, 32), nn.GELU(), nn.Linear(32, 10));
        return nn.Sequential(("features", features), ("classifier", classifier));
    }

    private static Sequential ChurnMlp(int features, int outputs) => nn.Sequential(
        nn.Linear(features, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(32, 32), nn.SiLU(), nn.Linear(32, outputs));

    private IEnumerable<OnnxVerificationCase> Cases()
    {
        var images = OnnxTestData.FashionBatches();
        var imageOptions = new OnnxExportOptions
        {
            InputShape = OnnxTestData.FashionShape,
            InputNormalization = OnnxTestData.FashionNormalization,
            ClassLabels = OnnxTestData.FashionLabels,
        };

        torch.manual_seed(11);
        yield return Keep(new("cnn-classifier", OnnxTestData.WithTrainedBatchNorm(FashionCnn(), images[0], OnnxTestData.FashionShape), imageOptions, images));
        torch.manual_seed(12);
        yield return Keep(new(
            "cnn-classifier-unfolded",
            OnnxTestData.WithTrainedBatchNorm(FashionCnn(), images[0], OnnxTestData.FashionShape),
            imageOptions with { FoldBatchNorm = false },
            images));

        var preprocessor = OnnxTestData.ChurnPreprocessor;
        var rows = OnnxTestData.ChurnBatches();
        var tableOptions = new OnnxExportOptions
        {
            InputShape = [preprocessor.FeatureCount],
            InputNormalization = OnnxInputNormalization.FromTabularPreprocessor(preprocessor),
            ClassLabels = preprocessor.ClassNames,
        };
        torch.manual_seed(13);
        yield return Keep(new(
            "mlp-churn-classifier",
            OnnxTestData.WithTrainedBatchNorm(ChurnMlp(preprocessor.FeatureCount, preprocessor.ClassNames!.Count), rows[0], tableOptions.InputShape),
            tableOptions,
            rows));
        torch.manual_seed(14);
        yield return Keep(new(
            "mlp-churn-regression",
            OnnxTestData.WithTrainedBatchNorm(ChurnMlp(preprocessor.FeatureCount, 1), rows[0], tableOptions.InputShape),
            tableOptions with { Task = TrainingTask.Regression, ClassLabels = null },
            rows));

        torch.manual_seed(15);
        yield return Keep(new(
            "self-exporting-module",
            nn.Sequential(nn.Conv2d(1, 4, 3), new ChannelScale(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 26 * 26, 10)),
            imageOptions,
            images));

        torch.manual_seed(16);
        yield return Keep(new(
            "registered-converter",
            nn.Sequential(nn.Conv2d(1, 4, 3), new CenterChannels(), nn.Flatten(), nn.Linear(4 * 26 * 26, 10)),
            imageOptions with { Converters = CenterChannelsConverter.Registry },
            images));
    }

    private OnnxVerificationCase Keep(OnnxVerificationCase verification)
    {
        _models.Add(verification.Model);
        return verification;
    }
}
