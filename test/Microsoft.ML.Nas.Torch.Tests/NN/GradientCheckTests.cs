using Microsoft.ML.Nas.Torch.NN;
using static Microsoft.ML.Nas.Torch.Tests.NN.NNTestSupport;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

/// <summary>Every layer's input and parameter gradients against central finite differences, in float64.</summary>
public sealed class GradientCheckTests
{
    public static TheoryData<string> Layers => new()
    {
        "conv2d", "conv2d_strided_dilated", "conv2d_depthwise", "linear", "batchnorm2d_train", "batchnorm2d_eval",
        "batchnorm1d", "relu", "relu6", "hardswish", "hardsigmoid", "silu", "gelu", "sigmoid", "tanh", "maxpool2d",
        "avgpool2d", "adaptiveavgpool2d", "flatten", "dropout", "identity", "network",
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_AnalyticGradients_MatchFiniteDifferences(string name)
    {
        LibTorch.ManualSeed(11);
        var (module, shape) = Build(name);
        using (module)
        {
            module.To(ScalarType.Float64);
            AssertFiniteDifferencesMatch(module, shape);
        }
    }

    internal static (Module Module, long[] InputShape) Build(string name) => name switch
    {
        "conv2d" => (new Conv2d(2, 3, 3, padding: 1), [2, 2, 4, 4]),
        "conv2d_strided_dilated" => (new Conv2d(2, 2, new Size2d(3, 2), stride: 2, padding: new Size2d(2, 1), dilation: 2), [1, 2, 6, 5]),
        "conv2d_depthwise" => (new Conv2d(3, 3, 3, padding: 1, groups: 3), [2, 3, 4, 4]),
        "linear" => (new Linear(5, 3), [4, 5]),
        "batchnorm2d_train" => (WithAffine(new BatchNorm2d(3)), [3, 3, 2, 2]),
        "batchnorm2d_eval" => (WithAffine(new BatchNorm2d(3)).Eval(), [3, 3, 2, 2]),
        "batchnorm1d" => (WithAffine(new BatchNorm1d(4)), [5, 4]),
        "relu" => (new ReLU(), [3, 5]),
        "relu6" => (new ReLU6(), [3, 5]),
        "hardswish" => (new Hardswish(), [3, 5]),
        "hardsigmoid" => (new Hardsigmoid(), [3, 5]),
        "silu" => (new SiLU(), [3, 5]),
        "gelu" => (new GELU(), [3, 5]),
        "sigmoid" => (new Sigmoid(), [3, 5]),
        "tanh" => (new Tanh(), [3, 5]),
        "maxpool2d" => (new MaxPool2d(3, 2, 1), [1, 2, 5, 5]),
        "avgpool2d" => (new AvgPool2d(3, 2, 1, countIncludePad: false), [1, 2, 5, 5]),
        "adaptiveavgpool2d" => (new AdaptiveAvgPool2d(new Size2d(2, 3)), [1, 2, 5, 7]),
        "flatten" => (new Flatten(), [2, 3, 2]),
        "dropout" => (new Dropout(0.4), [4, 6]),
        "identity" => (new Identity(), [2, 3]),
        "network" => (LayerTests.Network(), [2, 2, 4, 4]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    // Default γ = 1, β = 0 would hide a mix-up between the two; random values do not.
    private static BatchNorm WithAffine(BatchNorm batchNorm)
    {
        Init.Uniform(batchNorm.Weight!, 0.5, 1.5);
        Init.Uniform(batchNorm.Bias!, -1, 1);
        Init.Uniform(batchNorm.RunningMean!, -1, 1);
        Init.Uniform(batchNorm.RunningVar!, 0.5, 2);
        return batchNorm;
    }
}
