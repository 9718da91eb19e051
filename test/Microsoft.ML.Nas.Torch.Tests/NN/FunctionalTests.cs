using Microsoft.ML.Nas.Torch.NN;
using static Microsoft.ML.Nas.Torch.Tests.NN.NNTestSupport;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

public sealed class FunctionalTests
{
    [Theory]
    [InlineData("conv2d_basic", 1, 1, 0, 0, 1, 1)]
    [InlineData("conv2d_stride_padding_dilation", 2, 2, 1, 1, 2, 1)]
    [InlineData("conv2d_groups", 1, 1, 1, 1, 1, 2)]
    [InlineData("conv2d_depthwise", 1, 1, 1, 1, 1, 4)]
    [InlineData("conv2d_asymmetric", 2, 1, 0, 1, 1, 1)]
    public void Conv2d_MatchesPyTorchOutputAndGradients(
        string name, int strideHeight, int strideWidth, int paddingHeight, int paddingWidth, int dilation, int groups)
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn(name);
        var x = Leaf(golden, "x");
        var w = Leaf(golden, "w");
        var b = Has(golden, "b") ? Leaf(golden, "b") : null;

        var y = Functional.Conv2d(
            x, w, b, new Size2d(strideHeight, strideWidth), new Size2d(paddingHeight, paddingWidth), dilation, groups);
        golden.AssertClose("y", y);

        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
        AssertGrad(golden, "grad_w", w);
        if (b is not null)
        {
            AssertGrad(golden, "grad_b", b);
        }
    }

    [Fact]
    public void Conv2d_WithChannelsNotMatchingWeight_RaisesLibtorchMessage()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Zeros([1, 3, 5, 5]);
        var w = Tensor.Zeros([4, 2, 3, 3]);

        var error = Assert.Throws<TorchException>(() => Functional.Conv2d(x, w));

        Assert.Contains("channels", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Conv2d_WithZeroStride_ThrowsNamingStride()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Zeros([1, 1, 3, 3]);
        var w = Tensor.Zeros([1, 1, 1, 1]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv2d(x, w, stride: 0));

        Assert.Equal("stride", error.ParamName);
    }

    [Fact]
    public void Linear_MatchesPyTorchOutputAndGradients()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("linear");
        var (x, w, b) = (Leaf(golden, "x"), Leaf(golden, "w"), Leaf(golden, "b"));

        var y = Functional.Linear(x, w, b);
        golden.AssertClose("y", y);

        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
        AssertGrad(golden, "grad_w", w);
        AssertGrad(golden, "grad_b", b);
    }

    [Fact]
    public void BatchNorm_InTraining_MatchesPyTorchOutputRunningStatisticsAndGradients()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("batch_norm_train");
        var (x, weight, bias) = (Leaf(golden, "x"), Leaf(golden, "weight"), Leaf(golden, "bias"));
        var runningMean = golden.Tensor("running_mean");
        var runningVar = golden.Tensor("running_var");

        var y = Functional.BatchNorm(x, runningMean, runningVar, weight, bias, training: true, momentum: 0.2, eps: 1e-3);

        golden.AssertClose("y", y);
        golden.AssertClose("running_mean_after", runningMean);
        golden.AssertClose("running_var_after", runningVar);
        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
        AssertGrad(golden, "grad_weight", weight);
        AssertGrad(golden, "grad_bias", bias);
    }

    [Fact]
    public void BatchNorm_InEvaluation_UsesRunningStatisticsAndLeavesThemUnchanged()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("batch_norm_eval");
        var x = Leaf(golden, "x");
        var runningMean = golden.Tensor("running_mean");
        var runningVar = golden.Tensor("running_var");

        var y = Functional.BatchNorm(
            x, runningMean, runningVar, golden.Tensor("weight"), golden.Tensor("bias"), training: false, eps: 1e-3);

        golden.AssertClose("y", y);
        Assert.Equal(golden.Tensor("running_mean").ToArray<float>(), runningMean.ToArray<float>());
        Assert.Equal(golden.Tensor("running_var").ToArray<float>(), runningVar.ToArray<float>());
        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
    }

    [Fact]
    public void BatchNorm_TrainingWithOneValuePerChannel_RaisesTorchException()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([1, 3]);

        var error = Assert.Throws<TorchException>(() => Functional.BatchNorm(x, null, null, training: true));

        Assert.Contains("more than 1 value per channel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNorm_EvaluationWithoutRunningStatistics_ThrowsArgumentException()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([4, 3]);

        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(x, null, null, training: false));
    }

    public static TheoryData<string> Activations => new()
    {
        "relu", "relu6", "hardswish", "hardsigmoid", "silu", "gelu", "gelu_tanh", "sigmoid", "tanh", "leaky_relu",
        "softmax", "log_softmax",
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_MatchesPyTorchOutputAndGradient(string name)
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("act_" + name);
        var x = Leaf(golden, "x");

        var y = name switch
        {
            "relu" => Functional.ReLU(x),
            "relu6" => Functional.ReLU6(x),
            "hardswish" => Functional.Hardswish(x),
            "hardsigmoid" => Functional.Hardsigmoid(x),
            "silu" => Functional.SiLU(x),
            "gelu" => Functional.GELU(x),
            "gelu_tanh" => Functional.GELU(x, GeluApproximation.Tanh),
            "sigmoid" => Functional.Sigmoid(x),
            "tanh" => Functional.Tanh(x),
            "leaky_relu" => Functional.LeakyReLU(x, 0.2),
            "softmax" => Functional.Softmax(x, 1),
            "log_softmax" => Functional.LogSoftmax(x, -1),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        golden.AssertClose("y", y);
        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
    }

    public static TheoryData<string> Poolings => new()
    {
        "max_pool_k3_s2_p1", "max_pool_k2", "max_pool_dilation_ceil", "avg_pool_k3_s2_p1_exclude_pad",
        "avg_pool_k2_ceil", "avg_pool_asymmetric", "adaptive_avg_pool_2x3", "adaptive_avg_pool_1", "flatten_1",
        "flatten_1_2",
    };

    [Theory]
    [MemberData(nameof(Poolings))]
    public void PoolingAndFlatten_MatchPyTorchOutputAndGradient(string name)
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn(name);
        var x = Leaf(golden, "x");

        var y = name switch
        {
            "max_pool_k3_s2_p1" => Functional.MaxPool2d(x, 3, 2, 1),
            "max_pool_k2" => Functional.MaxPool2d(x, 2),
            "max_pool_dilation_ceil" => Functional.MaxPool2d(x, 2, 2, 0, dilation: 2, ceilMode: true),
            "avg_pool_k3_s2_p1_exclude_pad" => Functional.AvgPool2d(x, 3, 2, 1, countIncludePad: false),
            "avg_pool_k2_ceil" => Functional.AvgPool2d(x, 2, ceilMode: true),
            "avg_pool_asymmetric" => Functional.AvgPool2d(x, new Size2d(1, 3), new Size2d(1, 2), new Size2d(0, 1)),
            "adaptive_avg_pool_2x3" => Functional.AdaptiveAvgPool2d(x, new Size2d(2, 3)),
            "adaptive_avg_pool_1" => Functional.AdaptiveAvgPool2d(x, 1),
            "flatten_1" => Functional.Flatten(x, 1),
            "flatten_1_2" => Functional.Flatten(x, 1, 2),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        golden.AssertClose("y", y);
        y.Backward(golden.Tensor("g"));
        AssertGrad(golden, "grad_x", x);
    }

    [Fact]
    public void MaxPool2d_WithPaddingAboveHalfKernel_RaisesLibtorchMessage()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Zeros([1, 1, 6, 6]);

        var error = Assert.Throws<TorchException>(() => Functional.MaxPool2d(x, 2, padding: 2));

        Assert.Contains("pad should be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropout_WithSameSeed_DrawsPyTorchsMask()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("dropout_seed7_p03");
        var x = golden.Tensor("x");

        LibTorch.ManualSeed(7);
        var y = Functional.Dropout(x, 0.3, training: true);

        golden.AssertClose("y", y, 0, 1e-6);
    }

    [Fact]
    public void Dropout_OutsideTraining_ReturnsInputValues()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Randn([3, 7]);

        var y = Functional.Dropout(x, 0.9, training: false);

        Assert.NotSame(x, y);
        Assert.Equal(x.ToArray<float>(), y.ToArray<float>());
    }

    [Fact]
    public void Dropout_InsideNoDropoutScope_PassesTheInputInTrainingModeUntilEveryScopeCloses()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([4, 50]);
        using var layer = new Dropout(0.5);
        layer.Train();

        using (var outer = LibTorch.NoDropout())
        {
            using (LibTorch.NoDropout())
            {
                Assert.False(NoDropoutScope.IsDropoutEnabled);
                Assert.Equal(x.ToArray<float>(), Functional.Dropout(x, 0.5, training: true).ToArray<float>());
            }

            Assert.False(NoDropoutScope.IsDropoutEnabled); // the outer scope is still open
            Assert.Equal(x.ToArray<float>(), layer.Forward(x).ToArray<float>());
        }

        Assert.True(NoDropoutScope.IsDropoutEnabled);
        Assert.Contains(0f, layer.Forward(x).ToArray<float>()); // 200 elements at p = 0.5: some are dropped
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Dropout_WithProbabilityOutsideUnitInterval_ThrowsNamingP(double p)
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(x, p));

        Assert.Equal("p", error.ParamName);
    }
}
