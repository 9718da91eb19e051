using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>
/// Exports every standard TorchSharp layer (each after a small stem where it needs channels, and a Flatten to make
/// the output [batch, K]) and runs all of them in one ONNX Runtime process, on raw Fashion-MNIST pixels (the
/// normalization is in the graph) in batches of 17 and 1 through the same file.
/// </summary>
public sealed class StandardLayerExportFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-layers-").FullName;
    private readonly List<nn.Module<Tensor, Tensor>> _models = [];

    public StandardLayerExportFixture()
    {
        var cases = Cases().ToList();
        Outcomes = OnnxVerifier.ExportAndCompare(cases, _directory);
    }

    public IReadOnlyDictionary<string, OnnxCaseOutcome> Outcomes { get; }

    public static IEnumerable<string> CaseNames => Definitions().Select(definition => definition.Name);

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static IEnumerable<(string Name, Func<nn.Module<Tensor, Tensor>> Build, bool Fold)> Definitions()
    {
        static Sequential Stem(int channels, params nn.Module<Tensor, Tensor>[] rest) =>
            nn.Sequential([nn.Conv2d(1, channels, 3, padding: 1), .. rest, nn.Flatten()]);
        static Sequential Activation(nn.Module<Tensor, Tensor> activation)
        {
            var convolution = nn.Conv2d(1, 3, 3);
            OnnxTestData.ScaleWeights(convolution, 4.0);
            return nn.Sequential(convolution, activation, nn.Flatten());
        }

        yield return ("conv2d", () => nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten()), true);
        yield return ("conv2d-stride-padding-dilation-rectangular", () => nn.Sequential(
            nn.Conv2d(1, 4, (3, 5), stride: (2, 1), padding: (1, 2), dilation: (2, 1)), nn.Flatten()), true);
        yield return ("conv2d-same-padding-even-kernel", () => nn.Sequential(nn.Conv2d(1, 3, 4, Padding.Same), nn.Flatten()), true);
        yield return ("conv2d-grouped-without-bias", () => Stem(6, nn.Conv2d(6, 6, 3, padding: 1, groups: 3, bias: false)), true);
        yield return ("conv2d-depthwise-strided", () => Stem(4, nn.Conv2d(4, 4, 3, stride: 2, padding: 1, groups: 4)), true);
        yield return ("conv2d-batchnorm2d-folded", () => Stem(4, nn.Conv2d(4, 5, 3, bias: false), nn.BatchNorm2d(5)), true);
        yield return ("conv2d-batchnorm2d-unfolded", () => Stem(4, nn.Conv2d(4, 5, 3), nn.BatchNorm2d(5)), false);
        yield return ("batchnorm2d-standalone", () => Stem(4, nn.ReLU(), nn.BatchNorm2d(4, eps: 1e-3)), true);
        yield return ("batchnorm2d-not-affine", () => Stem(4, nn.ReLU(), nn.BatchNorm2d(4, affine: false)), true);
        yield return ("batchnorm1d-on-features", () => nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.BatchNorm1d(16)), true);
        yield return ("batchnorm1d-on-sequences", () => nn.Sequential(
            nn.Conv2d(1, 4, 3, padding: 1), nn.Flatten(2), nn.BatchNorm1d(4), nn.Flatten()), true);
        yield return ("linear", () => nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), true);
        yield return ("linear-without-bias", () => nn.Sequential(nn.Flatten(), nn.Linear(784, 10, hasBias: false)), true);
        yield return ("linear-on-4d-input", () => nn.Sequential(nn.Linear(28, 5), nn.Flatten()), true);
        yield return ("relu", () => Activation(nn.ReLU()), true);
        yield return ("relu6", () => Activation(nn.ReLU6()), true);
        yield return ("leaky-relu", () => Activation(nn.LeakyReLU(0.1)), true);
        yield return ("hardswish", () => Activation(nn.Hardswish()), true);
        yield return ("hardsigmoid", () => Activation(nn.Hardsigmoid()), true);
        yield return ("silu", () => Activation(nn.SiLU()), true);
        yield return ("gelu", () => Activation(nn.GELU()), true);
        yield return ("gelu-tanh", () => Activation(nn.GELU(GELU.Approximate.tanh)), true);
        yield return ("sigmoid", () => Activation(nn.Sigmoid()), true);
        yield return ("tanh", () => Activation(nn.Tanh()), true);
        yield return ("maxpool2d", () => Stem(2, nn.MaxPool2d(2)), true);
        yield return ("maxpool2d-padded-strided", () => Stem(2, nn.MaxPool2d(3, stride: 2, padding: 1)), true);
        yield return ("maxpool2d-ceil-mode", () => Stem(2, nn.MaxPool2d(3, stride: 2, ceil_mode: true)), true);
        yield return ("maxpool2d-dilated", () => Stem(2, nn.MaxPool2d(3, stride: 1, padding: 1, dilation: 2)), true);
        yield return ("avgpool2d", () => Stem(2, nn.AvgPool2d(2)), true);
        yield return ("avgpool2d-padded", () => Stem(2, nn.AvgPool2d(3, stride: 2, padding: 1)), true);
        yield return ("avgpool2d-padded-excluding-padding", () => Stem(2, nn.AvgPool2d(3, stride: 2, padding: 1, count_include_pad: false)), true);
        yield return ("avgpool2d-ceil-mode", () => Stem(2, nn.AvgPool2d(3, stride: 2, ceil_mode: true)), true);
        yield return ("adaptiveavgpool2d-global", () => Stem(3, nn.AdaptiveAvgPool2d(1)), true);
        yield return ("adaptiveavgpool2d-divisible", () => Stem(3, nn.AdaptiveAvgPool2d(7)), true);
        yield return ("adaptiveavgpool2d-uneven", () => Stem(3, nn.AdaptiveAvgPool2d(5)), true);
        yield return ("adaptiveavgpool2d-rectangular", () => Stem(3, nn.AdaptiveAvgPool2d((3, 4))), true);
        yield return ("flatten-default", () => nn.Sequential(nn.Flatten()), true);
        yield return ("flatten-middle-dimensions", () => nn.Sequential(nn.Flatten(1, 2), nn.Flatten()), true);
        yield return ("flatten-last-dimensions", () => Stem(2, nn.Flatten(2, 3)), true);
        yield return ("flatten-negative-dimensions", () => Stem(2, nn.Flatten(-3, -2)), true);
        yield return ("dropout-and-identity", () => Stem(2, nn.Dropout(0.5), nn.Dropout2d(0.5), nn.Identity()), true);
        yield return ("nested-and-empty-sequential", () => nn.Sequential(
            nn.Sequential(nn.Sequential(), nn.Conv2d(1, 2, 3)), nn.Sequential(nn.ReLU()), nn.Flatten()), true);
    }

    private IEnumerable<OnnxVerificationCase> Cases()
    {
        var seed = 100;
        foreach (var (name, build, fold) in Definitions())
        {
            torch.manual_seed(seed++);
            var batches = OnnxTestData.FashionBatches();
            var model = OnnxTestData.WithTrainedBatchNorm(build(), batches[0], OnnxTestData.FashionShape);
            _models.Add(model);
            yield return new OnnxVerificationCase(
                name,
                model,
                new OnnxExportOptions
                {
                    InputShape = OnnxTestData.FashionShape,
                    InputNormalization = OnnxTestData.FashionNormalization,
                    Task = TrainingTask.Regression,
                    FoldBatchNorm = fold,
                },
                batches);
        }
    }
}
