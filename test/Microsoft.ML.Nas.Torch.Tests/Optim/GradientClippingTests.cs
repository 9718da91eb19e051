using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.Optim;

namespace Microsoft.ML.Nas.Torch.Tests.Optim;

public sealed class GradientClippingTests
{
    [Theory]
    [InlineData("clip_norm_2", 1.0, 2.0)]
    [InlineData("clip_norm_2_inactive", 100.0, 2.0)]
    [InlineData("clip_norm_inf", 2.0, double.PositiveInfinity)]
    [InlineData("clip_norm_1", 5.0, 1.0)]
    public void ClipGradNorm_MatchesPyTorchTotalNormAndClippedGradients(string name, double maxNorm, double normType)
    {
        var golden = GoldenValues.Case("optim", name);
        using var tensors = new GradientFixture();

        var totalNorm = GradientClipping.ClipGradNorm(tensors.All, maxNorm, normType);

        Assert.Equal(golden.Number("total_norm"), totalNorm, 1e-5);
        tensors.AssertGradients(golden);
    }

    [Fact]
    public void ClipGradValue_MatchesPyTorch()
    {
        var golden = GoldenValues.Case("optim", "clip_value");
        using var tensors = new GradientFixture();

        GradientClipping.ClipGradValue(tensors.All, 0.5);

        tensors.AssertGradients(golden);
    }

    [Fact]
    public void ClipGradNorm_NoGradients_ReturnsZero()
    {
        using var parameter = Tensor.Ones([3]);
        parameter.RequiresGrad = true;

        Assert.Equal(0, GradientClipping.ClipGradNorm([parameter], 1.0));
    }

    [Fact]
    public void ClipGradNorm_NonFiniteNormWhenAskedToRefuse_ThrowsAndLeavesGradients()
    {
        using var parameter = Tensor.Ones([2]);
        parameter.RequiresGrad = true;
        using (DisposeScope.Begin())
        {
            (parameter * double.NaN).Sum().Backward();
        }

        var error = Assert.Throws<TorchException>(
            () => GradientClipping.ClipGradNorm([parameter], 1.0, errorIfNonfinite: true));
        Assert.Contains("non-finite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clipping_ArgumentsOutOfRange_ThrowNamingTheArgument()
    {
        using var parameter = Tensor.Ones([2]);

        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm([parameter], -1)).ParamName);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm([parameter], 1, 0)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradValue([parameter], double.NaN)).ParamName);
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipGradValue(null!, 1));
    }

    /// <summary>Tensors p1 (2x3), p2 (4) with the gradients G1, G2 of make_optim.py, and p3 without a gradient.</summary>
    private sealed class GradientFixture : IDisposable
    {
        private readonly Tensor _p1 = Tensor.Zeros([2, 3]);
        private readonly Tensor _p2 = Tensor.Zeros([4]);
        private readonly Tensor _p3 = Tensor.Zeros([2]);

        public GradientFixture()
        {
            _p1.RequiresGrad = true;
            _p2.RequiresGrad = true;
            _p3.RequiresGrad = true;
            using var scope = DisposeScope.Begin();
            var g1 = Tensor.FromArray(new float[] { 3.0f, -4.0f, 1.0f, 0.5f, 2.0f, -2.5f }, 2, 3);
            var g2 = Tensor.FromArray(new float[] { -1.0f, 0.25f, 6.0f, -0.5f });
            ((_p1 * g1).Sum() + (_p2 * g2).Sum()).Backward();
        }

        public Tensor[] All => [_p1, _p2, _p3];

        public void AssertGradients(GoldenCase golden)
        {
            using var g1 = _p1.Grad!;
            using var g2 = _p2.Grad!;
            golden.AssertClose("g1", g1, absoluteTolerance: 1e-6, relativeTolerance: 1e-5);
            golden.AssertClose("g2", g2, absoluteTolerance: 1e-6, relativeTolerance: 1e-5);
            Assert.Null(_p3.Grad);
        }

        public void Dispose()
        {
            _p1.Dispose();
            _p2.Dispose();
            _p3.Dispose();
        }
    }
}
