using Microsoft.ML.Nas.Torch.NN;
using static Microsoft.ML.Nas.Torch.Tests.NN.NNTestSupport;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

public sealed class LayerTests
{
    public static TheoryData<string> GoldenLayers => new()
    {
        "layer_conv2d", "layer_conv2d_depthwise_no_bias", "layer_linear", "layer_batchnorm2d_train",
        "layer_batchnorm2d_eval", "layer_batchnorm1d_2d_input", "layer_batchnorm1d_3d_input", "network_train",
    };

    /// <summary>The module PyTorch built for each golden layer case (make_nn.py), with default initialisation.</summary>
    internal static Module Build(string name) => name switch
    {
        "layer_conv2d" => new Conv2d(3, 4, 3, stride: 2, padding: 1),
        "layer_conv2d_depthwise_no_bias" => new Conv2d(4, 8, 3, padding: 2, dilation: 2, groups: 4, bias: false),
        "layer_linear" => new Linear(4, 3),
        "layer_batchnorm2d_train" => new BatchNorm2d(3),
        "layer_batchnorm2d_eval" => new BatchNorm2d(3).Eval(),
        "layer_batchnorm1d_2d_input" => new BatchNorm1d(4, eps: 1e-3, momentum: 0.3),
        "layer_batchnorm1d_3d_input" => new BatchNorm1d(2),
        "network_train" => Network(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The network of make_nn.py: Conv-BN-ReLU-MaxPool-Flatten-Linear-Dropout(0)-Hardswish.</summary>
    internal static Sequential Network() => new(
        new Conv2d(2, 4, 3, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(),
        new Linear(16, 3), new Dropout(0.0), new Hardswish());

    [Theory]
    [MemberData(nameof(GoldenLayers))]
    public void Layer_WithPyTorchWeights_MatchesOutputGradientsBuffersAndParameterCount(string name)
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn(name);
        using var module = Build(name);
        LoadGoldenState(module, golden);
        var x = Leaf(golden, "x");

        var y = module.Forward(x);
        golden.AssertClose("y", y);
        y.Backward(golden.Tensor("g"));

        AssertGrad(golden, "grad_x", x);
        foreach (var (parameterName, parameter) in module.NamedParameters())
        {
            AssertGrad(golden, "grad." + parameterName, parameter);
        }

        foreach (var (bufferName, buffer) in module.NamedBuffers())
        {
            golden.AssertClose("after." + bufferName, buffer);
        }

        Assert.Equal((long)golden.Number("parameter_count"), module.ParameterCount());
    }

    [Fact]
    public void Network_AfterTrainingStep_InEvaluationMode_MatchesPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("network_train");
        using var network = Network();
        LoadGoldenState(network, golden);
        network.Forward(golden.Tensor("x"));

        network.Eval();
        var y = network.Forward(golden.Tensor("eval_x"));

        golden.AssertClose("eval_y", y);
    }

    [Fact]
    public void BatchNorm_WithoutMomentum_KeepsCumulativeAverageLikePyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("batchnorm_cumulative");
        using var batchNorm = new BatchNorm1d(2, momentum: null);

        batchNorm.Forward(golden.Tensor("first"));
        batchNorm.Forward(golden.Tensor("second"));

        golden.AssertClose("running_mean", batchNorm.RunningMean!);
        golden.AssertClose("running_var", batchNorm.RunningVar!);
        Assert.Equal(2, batchNorm.NumBatchesTracked!.ToInt64());
    }

    [Fact]
    public void BatchNorm_WithoutRunningStatistics_UsesBatchStatisticsInEvaluationAndHasNoBuffers()
    {
        using var scope = DisposeScope.Begin();
        using var tracked = new BatchNorm1d(3);
        using var untracked = new BatchNorm1d(3, trackRunningStats: false);
        var x = Tensor.Randn([5, 3]);

        var expected = tracked.Forward(x);
        untracked.Eval();
        var actual = untracked.Forward(x);

        Assert.Empty(untracked.NamedBuffers());
        Assert.True(expected.AllClose(actual));
    }

    [Fact]
    public void BatchNorm_WithoutAffine_HasNoParameters()
    {
        using var batchNorm = new BatchNorm2d(4, affine: false);

        Assert.Equal(0, batchNorm.ParameterCount());
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], batchNorm.StateDict().Keys);
    }

    public static TheoryData<string> ParameterFreeLayers => new()
    {
        "act_relu", "act_relu6", "act_hardswish", "act_hardsigmoid", "act_silu", "act_gelu", "act_gelu_tanh",
        "act_sigmoid", "act_tanh", "max_pool_k3_s2_p1", "max_pool_dilation_ceil", "avg_pool_k3_s2_p1_exclude_pad",
        "avg_pool_asymmetric", "adaptive_avg_pool_2x3", "flatten_1", "flatten_1_2",
    };

    [Theory]
    [MemberData(nameof(ParameterFreeLayers))]
    public void ParameterFreeLayer_MatchesPyTorchOutputAndGradient(string name)
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn(name);
        using Module module = name switch
        {
            "act_relu" => new ReLU(),
            "act_relu6" => new ReLU6(),
            "act_hardswish" => new Hardswish(),
            "act_hardsigmoid" => new Hardsigmoid(),
            "act_silu" => new SiLU(),
            "act_gelu" => new GELU(),
            "act_gelu_tanh" => new GELU(GeluApproximation.Tanh),
            "act_sigmoid" => new Sigmoid(),
            "act_tanh" => new Tanh(),
            "max_pool_k3_s2_p1" => new MaxPool2d(3, 2, 1),
            "max_pool_dilation_ceil" => new MaxPool2d(2, 2, 0, dilation: 2, ceilMode: true),
            "avg_pool_k3_s2_p1_exclude_pad" => new AvgPool2d(3, 2, 1, countIncludePad: false),
            "avg_pool_asymmetric" => new AvgPool2d(new Size2d(1, 3), new Size2d(1, 2), new Size2d(0, 1)),
            "adaptive_avg_pool_2x3" => new AdaptiveAvgPool2d(new Size2d(2, 3)),
            "flatten_1" => new Flatten(),
            "flatten_1_2" => new Flatten(1, 2),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var x = Leaf(golden, "x");

        var y = module.Forward(x);

        golden.AssertClose("y", y);
        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
        Assert.Equal(0, module.ParameterCount());
    }

    [Fact]
    public void Identity_ReturnsANewHandleWithTheInputsValuesAndGradient()
    {
        using var scope = DisposeScope.Begin();
        using var identity = new Identity();
        var x = Tensor.Randn([2, 3]);
        x.RequiresGrad = true;

        var y = identity.Forward(x);
        y.Backward(Tensor.Ones([2, 3]));

        Assert.NotSame(x, y);
        Assert.Equal(x.ToArray<float>(), y.ToArray<float>());
        Assert.Equal(new float[6].Select(_ => 1f), x.Grad!.ToArray<float>());
    }

    [Fact]
    public void Dropout_InTraining_ZeroesAboutPAndScalesTheRest_InEvaluation_PassesThrough()
    {
        using var scope = DisposeScope.Begin();
        using var dropout = new Dropout(0.25);
        var x = Tensor.Ones([100, 100]);
        LibTorch.ManualSeed(3);

        var trained = dropout.Forward(x).ToArray<float>();
        dropout.Eval();
        var evaluated = dropout.Forward(x).ToArray<float>();

        var zeroFraction = trained.Count(v => v == 0) / (double)trained.Length;
        Assert.InRange(zeroFraction, 0.22, 0.28);
        Assert.All(trained.Where(v => v != 0), v => Assert.Equal(1 / 0.75f, v, 1e-6f));
        Assert.All(evaluated, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Conv2d_WithGroupsNotDividingChannels_ThrowsNamingGroups()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(6, 4, 3, groups: 4));

        Assert.Equal("groups", error.ParamName);
        Assert.Contains("inChannels (6)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_WithArgumentsOutOfRange_ThrowNamingTheArgument()
    {
        Assert.Equal("kernelSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(3, 4, 0)).ParamName);
        Assert.Equal("inChannels", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(0, 4, 3)).ParamName);
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(3, 4, 3, padding: -1)).ParamName);
        Assert.Equal("dilation", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(3, 4, 3, dilation: 0)).ParamName);
        Assert.Equal("outFeatures", Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(3, 0)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d(3, momentum: 2)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d(3, eps: 0)).ParamName);
        Assert.Equal("numFeatures", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(0)).ParamName);
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2d(3, padding: 2)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new AvgPool2d(3, stride: 0)).ParamName);
        Assert.Equal("outputSize", Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAvgPool2d(0)).ParamName);
    }

    [Fact]
    public void BatchNorm2d_WithThreeDimensionalInput_ThrowsNamingTheDimensions()
    {
        using var scope = DisposeScope.Begin();
        using var batchNorm = new BatchNorm2d(3);

        var error = Assert.Throws<ArgumentException>(() => batchNorm.Forward(Tensor.Ones([2, 3, 4])));

        Assert.Contains("expected 4D input (got 3D input)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModuleList_Forward_ThrowsNotSupported()
    {
        using var scope = DisposeScope.Begin();
        using var list = new ModuleList(new ReLU());

        var error = Assert.Throws<NotSupportedException>(() => list.Forward(Tensor.Ones([1])));

        Assert.Contains("Sequential", error.Message, StringComparison.Ordinal);
    }
}
