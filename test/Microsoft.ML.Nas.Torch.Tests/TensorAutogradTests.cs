using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests;

/// <summary>Gradients against PyTorch's (TestData/Golden/make_tensor_math.py), accumulation, reset and grad mode.</summary>
public sealed class TensorAutogradTests
{
    private static GoldenCase Golden(string name) => TensorMathTests.Golden(name);

    private static Tensor Leaf(GoldenCase golden, string key)
    {
        var tensor = golden.Tensor(key);
        tensor.RequiresGrad = true;
        return tensor;
    }

    [Fact]
    public void Backward_OfCompositeExpression_GivesPyTorchGradients()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("grad_composite");
        var x = Leaf(golden, "x");
        var w = Leaf(golden, "w");
        var b = Leaf(golden, "b");
        var t = golden.Tensor("t");

        var hidden = (x.MatMul(w) + b).Sigmoid();
        var loss = (hidden - t).Pow(2).Mean() + (0.1 * w.Abs().Sum()) + (b.Tanh() * b.Exp()).Sum()
            - (hidden + 1).Log().Mean() + ((w.Square() + 1).Sqrt().Sum() / 3);
        loss.Backward();

        TensorMathTests.AssertMatches(golden, "loss", loss);
        TensorMathTests.AssertMatches(golden, "grad_x", x.Grad!);
        TensorMathTests.AssertMatches(golden, "grad_w", w.Grad!);
        TensorMathTests.AssertMatches(golden, "grad_b", b.Grad!);
        Assert.False(loss.IsLeaf);
        Assert.True(loss.RequiresGrad);
        Assert.True(w.IsLeaf);
    }

    [Fact]
    public void Backward_ThroughBroadcast_ReducesGradientToInputShape()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("grad_broadcast");
        var a = Leaf(golden, "a");
        var c = Leaf(golden, "c");

        var loss = (a * c / (c.Abs() + 1)).Sum() + (a - c).Pow(2).Mean();
        loss.Backward();

        TensorMathTests.AssertMatches(golden, "loss", loss);
        TensorMathTests.AssertMatches(golden, "grad_a", a.Grad!);
        TensorMathTests.AssertMatches(golden, "grad_c", c.Grad!);
    }

    [Fact]
    public void Backward_ThroughReductionsClampAndWhere_GivesPyTorchGradients()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("grad_reductions");
        var x = Leaf(golden, "x");

        var loss = x.Max() + x.Std() + x.Norm() + x.TopK(2).Values.Sum() + x.Clamp(-0.5, 0.5).Sum()
            + Tensor.Where(x.Gt(0), x, x * 0.1).Sum() + x.Var(1).Sum() + x.Mean(0).Pow(2).Sum();
        loss.Backward();

        TensorMathTests.AssertMatches(golden, "loss", loss);
        TensorMathTests.AssertMatches(golden, "grad_x", x.Grad!);
    }

    [Fact]
    public void Backward_ThroughPowAndScalarOperators_GivesPyTorchGradients()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("grad_pow_and_scalars");
        var p = Leaf(golden, "p");
        var e = Leaf(golden, "e");

        var loss = p.Pow(e).Sum() + (2 / p).Sum() + ((1 - p).Sum() * 0.5) + p.Rsqrt().Sum() + p.Log1p().Sum();
        loss.Backward();

        TensorMathTests.AssertMatches(golden, "loss", loss);
        TensorMathTests.AssertMatches(golden, "grad_p", p.Grad!);
        TensorMathTests.AssertMatches(golden, "grad_e", e.Grad!);
    }

    [Fact]
    public void Backward_WithExplicitGradient_ScalesByUpstreamGradient()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("grad_with_gradient");
        var x = Leaf(golden, "x");

        var cube = x.Pow(3);
        Assert.Throws<TorchException>(() => cube.Backward(retainGraph: true));
        cube.Backward(golden.Tensor("upstream"));

        TensorMathTests.AssertMatches(golden, "grad_x", x.Grad!);
    }

    [Fact]
    public void Backward_InFloat64_GivesPyTorchGradients()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("grad_float64");
        var x = Leaf(golden, "x");

        var loss = x.MatMul(x.Transpose(0, 1)).Exp().Sum().Log();
        loss.Backward();

        TensorMathTests.AssertMatches(golden, "loss", loss, 1e-12, 1e-12);
        TensorMathTests.AssertMatches(golden, "grad_x", x.Grad!, 1e-12, 1e-10);
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesGradients()
    {
        using var scope = DisposeScope.Begin();
        var w = Tensor.FromArray(new float[] { 1, -2, 3 }, 3);
        w.RequiresGrad = true;

        (w * w).Sum().Backward();
        Assert.Equal(new float[] { 2, -4, 6 }, w.Grad!.ToArray<float>());
        (w * w).Sum().Backward();
        Assert.Equal(new float[] { 4, -8, 12 }, w.Grad!.ToArray<float>());

        // w * w saves w for its backward, so the graph can only be walked again when retained.
        var shared = (w * w).Sum();
        shared.Backward(retainGraph: true);
        shared.Backward();
        Assert.Equal(new float[] { 8, -16, 24 }, w.Grad!.ToArray<float>());
        var error = Assert.Throws<TorchException>(() => shared.Backward());
        Assert.Contains("second time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroGrad_ResetsToNoneOrToZeros()
    {
        using var scope = DisposeScope.Begin();
        var w = Tensor.FromArray(new float[] { 1, 2 }, 2);
        w.RequiresGrad = true;
        Assert.Null(w.Grad);

        (w * 5).Sum().Backward();
        w.ZeroGrad(setToNone: false);
        Assert.Equal(new float[] { 0, 0 }, w.Grad!.ToArray<float>());
        (w * 5).Sum().Backward();
        Assert.Equal(new float[] { 5, 5 }, w.Grad!.ToArray<float>());

        w.ZeroGrad();
        Assert.Null(w.Grad);
        (w * 2).Sum().Backward();
        Assert.Equal(new float[] { 2, 2 }, w.Grad!.ToArray<float>());
    }

    [Fact]
    public void Grad_OfNonLeafOrPlainTensor_IsNull()
    {
        using var scope = DisposeScope.Begin();
        var plain = Tensor.Ones([2]);
        Assert.False(plain.RequiresGrad);
        Assert.True(plain.IsLeaf);
        Assert.Null(plain.Grad);

        var w = Tensor.Ones([2]);
        w.RequiresGrad = true;
        var hidden = w * 2;
        hidden.Sum().Backward();
        Assert.Null(hidden.Grad);
        Assert.NotNull(w.Grad);
    }

    [Fact]
    public void NoGradScope_ResultsHaveNoGraph_AndModeIsRestoredWhenNested()
    {
        using var scope = DisposeScope.Begin();
        var w = Tensor.Ones([3]);
        w.RequiresGrad = true;
        Assert.True(NoGradScope.IsGradEnabled);

        Tensor inside;
        using (new NoGradScope())
        {
            Assert.False(NoGradScope.IsGradEnabled);
            inside = (w * 2) + 1;
            using (new NoGradScope())
            {
                Assert.False(NoGradScope.IsGradEnabled);
            }

            Assert.False(NoGradScope.IsGradEnabled);

            // A leaf that requires grad may be updated in place only here (the manual SGD step).
            w.SubInPlace(inside, alpha: 0.5);
        }

        Assert.True(NoGradScope.IsGradEnabled);
        Assert.False(inside.RequiresGrad);
        Assert.True(inside.IsLeaf);
        Assert.Equal(new float[] { -0.5f, -0.5f, -0.5f }, w.ToArray<float>());
        Assert.True(w.RequiresGrad);
        var outside = w * 2;
        Assert.True(outside.RequiresGrad);
        Assert.False(outside.IsLeaf);
    }

    [Fact]
    public void NoGradScope_DisposedOutOfOrder_Throws()
    {
        var outer = new NoGradScope();
        var inner = new NoGradScope();
        try
        {
            Assert.Throws<InvalidOperationException>(outer.Dispose);
        }
        finally
        {
            inner.Dispose();
            outer.Dispose();
        }

        Assert.True(NoGradScope.IsGradEnabled);
    }

    [Fact]
    public void NoGradScope_OnAnotherThread_DoesNotAffectThisThread()
    {
        var otherThreadSawDisabled = false;
        var thread = new Thread(() =>
        {
            using (new NoGradScope())
            {
                otherThreadSawDisabled = !NoGradScope.IsGradEnabled;
            }
        });
        using (new NoGradScope())
        {
            thread.Start();
            thread.Join();
            Assert.False(NoGradScope.IsGradEnabled);
        }

        Assert.True(otherThreadSawDisabled);
        Assert.True(NoGradScope.IsGradEnabled);
    }

    [Fact]
    public void RequiresGrad_OnIntegerTensorOrNonLeaf_RaisesTorchException()
    {
        using var scope = DisposeScope.Begin();
        var labels = Tensor.FromArray(new long[] { 1, 2 }, 2);
        var error = Assert.Throws<TorchException>(() => labels.RequiresGrad = true);
        Assert.Contains("floating point", error.Message, StringComparison.Ordinal);

        var w = Tensor.Ones([2]);
        w.RequiresGrad = true;
        var hidden = w * 2;
        error = Assert.Throws<TorchException>(() => hidden.RequiresGrad = false);
        Assert.Contains("leaf variables", error.Message, StringComparison.Ordinal);
        Assert.True(hidden.RequiresGrad);

        // With grad mode on, an in-place update of a leaf that requires grad is refused (use a NoGradScope).
        error = Assert.Throws<TorchException>(() => w.AddInPlace(1.0));
        Assert.Contains("in-place operation", error.Message, StringComparison.Ordinal);
    }
}
