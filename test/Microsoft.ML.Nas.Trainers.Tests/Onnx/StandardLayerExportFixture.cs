using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>
/// Exports every standard layer of the binding (each after a small stem where it needs channels, and a Flatten to make
/// the output [batch, K]) and runs all of them in one ONNX Runtime process, on raw Fashion-MNIST pixels (the
/// normalization is in the graph) in batches of 17 and 1 through the same file.
/// </summary>
public sealed class StandardLayerExportFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-layers-").FullName;
    private readonly List<Module> _models = [];

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

    private static IEnumerable<(string Name, Func<Module> Build, bool Fold)> Definitions()
    {
        Module Stem(int channels, params Module[] rest) => new Sequential([new Conv2d(1, channels, 3, padding: 1), .. rest, new Flatten()]);
        Module Activation(Module activation)
        {
            var convolution = new Conv2d(1, 3, 3);
            OnnxTestData.ScaleWeights(convolution, 4.0);
            return new Sequential(convolution, activation, new Flatten());
        }

        yield return ("conv2d", () => new Sequential(new Conv2d(1, 4, 3), new Flatten()), true);
        yield return ("conv2d-stride-padding-dilation-rectangular", () => new Sequential(
            new Conv2d(1, 4, new Size2d(3, 5), stride: new Size2d(2, 1), padding: new Size2d(1, 2), dilation: new Size2d(2, 1)), new Flatten()), true);
        yield return ("conv2d-grouped-without-bias", () => Stem(6, new Conv2d(6, 6, 3, padding: 1, groups: 3, bias: false)), true);
        yield return ("conv2d-depthwise-strided", () => Stem(4, new Conv2d(4, 4, 3, stride: 2, padding: 1, groups: 4)), true);
        yield return ("conv2d-batchnorm2d-folded", () => Stem(4, new Conv2d(4, 5, 3, bias: false), new BatchNorm2d(5)), true);
        yield return ("conv2d-batchnorm2d-unfolded", () => Stem(4, new Conv2d(4, 5, 3), new BatchNorm2d(5)), false);
        yield return ("batchnorm2d-standalone", () => Stem(4, new ReLU(), new BatchNorm2d(4, eps: 1e-3)), true);
        yield return ("batchnorm2d-not-affine", () => Stem(4, new ReLU(), new BatchNorm2d(4, affine: false)), true);
        yield return ("batchnorm1d-on-features", () => new Sequential(new Flatten(), new Linear(784, 16), new BatchNorm1d(16)), true);
        yield return ("batchnorm1d-on-sequences", () => new Sequential(
            new Conv2d(1, 4, 3, padding: 1), new Flatten(2), new BatchNorm1d(4), new Flatten()), true);
        yield return ("linear", () => new Sequential(new Flatten(), new Linear(784, 10)), true);
        yield return ("linear-without-bias", () => new Sequential(new Flatten(), new Linear(784, 10, bias: false)), true);
        yield return ("linear-on-4d-input", () => new Sequential(new Linear(28, 5), new Flatten()), true);
        yield return ("relu", () => Activation(new ReLU()), true);
        yield return ("relu6", () => Activation(new ReLU6()), true);
        yield return ("hardswish", () => Activation(new Hardswish()), true);
        yield return ("hardsigmoid", () => Activation(new Hardsigmoid()), true);
        yield return ("silu", () => Activation(new SiLU()), true);
        yield return ("gelu", () => Activation(new GELU()), true);
        yield return ("gelu-tanh", () => Activation(new GELU(GeluApproximation.Tanh)), true);
        yield return ("sigmoid", () => Activation(new Sigmoid()), true);
        yield return ("tanh", () => Activation(new Tanh()), true);
        yield return ("maxpool2d", () => Stem(2, new MaxPool2d(2)), true);
        yield return ("maxpool2d-padded-strided", () => Stem(2, new MaxPool2d(3, stride: 2, padding: 1)), true);
        yield return ("maxpool2d-ceil-mode", () => Stem(2, new MaxPool2d(3, stride: 2, ceilMode: true)), true);
        yield return ("maxpool2d-dilated", () => Stem(2, new MaxPool2d(3, stride: 1, padding: 1, dilation: 2)), true);
        yield return ("avgpool2d", () => Stem(2, new AvgPool2d(2)), true);
        yield return ("avgpool2d-padded", () => Stem(2, new AvgPool2d(3, stride: 2, padding: 1)), true);
        yield return ("avgpool2d-padded-excluding-padding", () => Stem(2, new AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false)), true);
        yield return ("avgpool2d-ceil-mode", () => Stem(2, new AvgPool2d(3, stride: 2, ceilMode: true)), true);
        yield return ("adaptiveavgpool2d-global", () => Stem(3, new AdaptiveAvgPool2d(1)), true);
        yield return ("adaptiveavgpool2d-divisible", () => Stem(3, new AdaptiveAvgPool2d(7)), true);
        yield return ("adaptiveavgpool2d-uneven", () => Stem(3, new AdaptiveAvgPool2d(5)), true);
        yield return ("adaptiveavgpool2d-rectangular", () => Stem(3, new AdaptiveAvgPool2d(new Size2d(3, 4))), true);
        yield return ("flatten-default", () => new Sequential(new Flatten()), true);
        yield return ("flatten-middle-dimensions", () => new Sequential(new Flatten(1, 2), new Flatten()), true);
        yield return ("flatten-last-dimensions", () => Stem(2, new Flatten(2, 3)), true);
        yield return ("flatten-negative-dimensions", () => Stem(2, new Flatten(-3, -2)), true);
        yield return ("dropout-and-identity", () => Stem(2, new Dropout(0.5), new Identity()), true);
        yield return ("nested-and-empty-sequential", () => new Sequential(
            new Sequential(new Sequential(), new Conv2d(1, 2, 3)), new Sequential(new ReLU()), new Flatten()), true);
    }

    private IEnumerable<OnnxVerificationCase> Cases()
    {
        var seed = 100;
        foreach (var (name, build, fold) in Definitions())
        {
            LibTorch.ManualSeed(seed++);
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
