using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>
/// Whole networks in ONNX Runtime: a Fashion-MNIST CNN classifier, churn-table MLPs (classification and regression,
/// with the preprocessor's imputation and standardization in the graph), and modules that plug in their own export.
/// </summary>
public sealed class CompositeModelExportFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-composite-").FullName;
    private readonly List<Module> _models = [];

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
        var features = new Sequential(
            new Conv2d(1, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
            new Conv2d(8, 16, 3, stride: 2, padding: 1, bias: false), new BatchNorm2d(16), new ReLU6(),
            new Conv2d(16, 16, 3, padding: 1, groups: 16, bias: false), new BatchNorm2d(16), new Hardswish(),
            new Conv2d(16, 24, 1, bias: false), new BatchNorm2d(24), new SiLU());
        var classifier = new Sequential(
            new AdaptiveAvgPool2d(1), new Flatten(), new Dropout(0.2), new Linear(24, 32), new GELU(), new Linear(32, 10));
        return new Sequential().Add("features", features).Add("classifier", classifier);
    }

    private static Sequential ChurnMlp(int features, int outputs) => new(
        new Linear(features, 32), new BatchNorm1d(32), new ReLU(), new Dropout(0.3),
        new Linear(32, 32), new SiLU(), new Linear(32, outputs));

    private IEnumerable<OnnxVerificationCase> Cases()
    {
        var images = OnnxTestData.FashionBatches();
        var imageOptions = new OnnxExportOptions
        {
            InputShape = OnnxTestData.FashionShape,
            InputNormalization = OnnxTestData.FashionNormalization,
            ClassLabels = OnnxTestData.FashionLabels,
        };

        LibTorch.ManualSeed(11);
        yield return Keep(new("cnn-classifier", OnnxTestData.WithTrainedBatchNorm(FashionCnn(), images[0], OnnxTestData.FashionShape), imageOptions, images));
        LibTorch.ManualSeed(12);
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
        LibTorch.ManualSeed(13);
        yield return Keep(new(
            "mlp-churn-classifier",
            OnnxTestData.WithTrainedBatchNorm(ChurnMlp(preprocessor.FeatureCount, preprocessor.ClassNames!.Count), rows[0], tableOptions.InputShape),
            tableOptions,
            rows));
        LibTorch.ManualSeed(14);
        yield return Keep(new(
            "mlp-churn-regression",
            OnnxTestData.WithTrainedBatchNorm(ChurnMlp(preprocessor.FeatureCount, 1), rows[0], tableOptions.InputShape),
            tableOptions with { Task = TrainingTask.Regression, ClassLabels = null },
            rows));

        LibTorch.ManualSeed(15);
        yield return Keep(new(
            "self-exporting-module",
            new Sequential(new Conv2d(1, 4, 3), new ChannelScale(4), new ReLU(), new Flatten(), new Linear(4 * 26 * 26, 10)),
            imageOptions,
            images));

        LibTorch.ManualSeed(16);
        var registry = new OnnxConverterRegistry().Register<CenterChannels>((context, _, input) =>
        {
            var mean = context.AddNode("ReduceMean", [input], OnnxAttributeValue.FromInt64s("axes", [1]), OnnxAttributeValue.FromInt64("keepdims", 1));
            return context.AddNode("Sub", [input, mean]);
        });
        yield return Keep(new(
            "registered-converter",
            new Sequential(new Conv2d(1, 4, 3), new CenterChannels(), new Flatten(), new Linear(4 * 26 * 26, 10)),
            imageOptions with { Converters = registry },
            images));
    }

    private OnnxVerificationCase Keep(OnnxVerificationCase verification)
    {
        _models.Add(verification.Model);
        return verification;
    }
}
