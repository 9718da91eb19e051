using Microsoft.ML.Nas.Torch.NN;
using static Microsoft.ML.Nas.Torch.Tests.NN.NNTestSupport;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

public sealed class InitTests
{
    [Fact]
    public void DefaultInitialisation_UnderTheSameSeed_EqualsPyTorchsLayers()
    {
        var golden = Nn("init");
        LibTorch.ManualSeed(123);
        using var conv = new Conv2d(3, 8, 3);
        using var linear = new Linear(10, 5);
        using var depthwise = new Conv2d(6, 6, 5, groups: 6);

        golden.AssertClose("conv.weight", conv.Weight, 0, 1e-7);
        golden.AssertClose("conv.bias", conv.Bias!, 0, 1e-7);
        golden.AssertClose("linear.weight", linear.Weight, 0, 1e-7);
        golden.AssertClose("linear.bias", linear.Bias!, 0, 1e-7);
        golden.AssertClose("depthwise.weight", depthwise.Weight, 0, 1e-7);
        golden.AssertClose("depthwise.bias", depthwise.Bias!, 0, 1e-7);
    }

    [Fact]
    public void Initialisers_UnderTheSameSeed_EqualPyTorchsNnInit()
    {
        using var scope = DisposeScope.Begin();
        var golden = Nn("init");
        LibTorch.ManualSeed(5);
        var t = Tensor.Empty([4, 2, 3, 3]);

        Init.KaimingUniform(t, mode: FanMode.FanOut, nonlinearity: Nonlinearity.ReLU);
        golden.AssertClose("kaiming_uniform_fan_out_relu", t, 0, 1e-7);
        Init.KaimingNormal(t, a: 0.1, nonlinearity: Nonlinearity.LeakyReLU);
        golden.AssertClose("kaiming_normal_leaky_0.1", t, 0, 1e-7);
        Init.XavierUniform(t, gain: Init.CalculateGain(Nonlinearity.Tanh));
        golden.AssertClose("xavier_uniform_tanh", t, 0, 1e-7);
        Init.XavierNormal(t);
        golden.AssertClose("xavier_normal", t, 0, 1e-7);
        Init.Uniform(t, -2, 3);
        golden.AssertClose("uniform_-2_3", t, 0, 1e-7);
        Init.Normal(t, 1, 0.5);
        golden.AssertClose("normal_1_0.5", t, 0, 1e-7);
    }

    [Fact]
    public void CalculateGain_MatchesPyTorch()
    {
        var golden = Nn("init");

        Assert.Equal(golden.Number("gain_leaky_default"), Init.CalculateGain(Nonlinearity.LeakyReLU), 15);
        Assert.Equal(golden.Number("gain_selu"), Init.CalculateGain(Nonlinearity.Selu), 15);
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.ReLU), 15);
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Linear));
    }

    [Fact]
    public void Initialisers_OnParameters_RunOutsideAutogradAndKeepLeaves()
    {
        using var linear = new Linear(3, 3);

        Init.Constant(linear.Weight, 0.5);
        Init.Ones(linear.Bias!);

        Assert.True(linear.Weight.IsLeaf);
        Assert.True(linear.Weight.RequiresGrad);
        Assert.All(linear.Weight.ToArray<float>(), v => Assert.Equal(0.5f, v));
        Assert.All(linear.Bias!.ToArray<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void FanComputation_OnVector_ThrowsNamingTheDimensions()
    {
        using var vector = Tensor.Zeros([5]);

        var error = Assert.Throws<ArgumentException>(() => Init.XavierUniform(vector));

        Assert.Contains("at least 2 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uniform_WithLowAboveHigh_Throws()
    {
        using var tensor = Tensor.Zeros([2]);

        Assert.Throws<ArgumentException>(() => Init.Uniform(tensor, 1, 0));
    }
}
