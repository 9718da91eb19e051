using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests;

/// <summary>Dispose scopes release every native tensor that math, reductions and autograd create.</summary>
public sealed class TensorLeakTests
{
    [Fact]
    public void TrainingLoopInsideScopes_ReturnsLiveCountToStart_AndLearns()
    {
        var start = Tensor.LiveCount;
        LibTorch.ManualSeed(3);
        var x = Tensor.Randn([32, 3]);
        var trueWeight = Tensor.FromArray(new float[] { 1.5f, -2, 0.5f }, 3, 1);
        Tensor target;
        using (var product = x.MatMul(trueWeight))
        {
            target = product + 0.25;
        }

        var w = Tensor.Zeros([3, 1]);
        var b = Tensor.Zeros([1]);
        w.RequiresGrad = true;
        b.RequiresGrad = true;
        var afterSetup = Tensor.LiveCount;

        var losses = new List<double>();
        for (var step = 0; step < 100; step++)
        {
            using (DisposeScope.Begin())
            {
                var prediction = (x.MatMul(w) * 1.0) + b;
                var loss = (prediction - target).Square().Mean();
                loss.Backward();
                losses.Add(loss.ToDouble());
                using (new NoGradScope())
                {
                    w.SubInPlace(w.Grad!, alpha: 0.1);
                    b.SubInPlace(b.Grad!, alpha: 0.1);
                }

                w.ZeroGrad();
                b.ZeroGrad();
            }

            Assert.Equal(afterSetup, Tensor.LiveCount);
        }

        Assert.True(losses[^1] < losses[0] * 1e-3, $"loss went from {losses[0]} to {losses[^1]}");
        using (DisposeScope.Begin())
        {
            Assert.True(w.AllClose(trueWeight, absoluteTolerance: 1e-2));
        }

        foreach (var tensor in new[] { x, trueWeight, target, w, b })
        {
            tensor.Dispose();
        }

        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void GradientsAndPairResults_AreOwnedByTheScope()
    {
        var start = Tensor.LiveCount;
        var w = Tensor.Ones([2, 3]);
        w.RequiresGrad = true;

        using (var scope = DisposeScope.Begin())
        {
            w.Sum().Backward();
            var countBefore = scope.Count;
            _ = w.Grad;
            _ = w.Max(1);
            _ = w.TopK(2);
            _ = w.Min(0, keepDimensions: true);
            Assert.Equal(countBefore + 7, scope.Count);
        }

        // Only w's handle is left (its accumulated gradient lives inside w, not behind a handle of its own).
        Assert.Equal(start + 1, Tensor.LiveCount);
        w.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void NestedScopes_ReleaseInnerTensorsAtInnerEnd()
    {
        var start = Tensor.LiveCount;
        using (DisposeScope.Begin())
        {
            var a = Tensor.Ones([4]);
            var outerResult = a * 2;
            using (DisposeScope.Begin())
            {
                _ = (a + outerResult).Exp().Sum();
                Assert.Equal(start + 5, Tensor.LiveCount);
            }

            Assert.Equal(start + 2, Tensor.LiveCount);
            Assert.Equal(new float[] { 2, 2, 2, 2 }, outerResult.ToArray<float>());
        }

        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void MoveToOuterScope_KeepsResultUntilOuterScopeEnds()
    {
        var start = Tensor.LiveCount;
        using (DisposeScope.Begin())
        {
            Tensor kept;
            using (DisposeScope.Begin())
            {
                var x = Tensor.Ones([3]);
                kept = (x * 4).Sum().MoveToOuterScope();
            }

            Assert.Equal(start + 1, Tensor.LiveCount);
            Assert.Equal(12.0, kept.ToDouble());
        }

        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void DisposeInsideScope_ThenScopeEnd_DoesNotDoubleFree()
    {
        var start = Tensor.LiveCount;
        Tensor early;
        using (var scope = DisposeScope.Begin())
        {
            var x = Tensor.Ones([3]);
            early = x + 1;
            var other = x * 3;
            early.Dispose();
            Assert.Equal(2, scope.Count);
            Assert.Equal(start + 2, Tensor.LiveCount);
            other.Dispose();
            other.Dispose();
        }

        Assert.True(early.IsDisposed);
        Assert.Equal(start, Tensor.LiveCount);
        early.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void DetachFromDisposeScope_SurvivesScopeAndIsReleasedByCaller()
    {
        var start = Tensor.LiveCount;
        Tensor owned;
        using (DisposeScope.Begin())
        {
            owned = (Tensor.Ones([2]) * 5).DetachFromDisposeScope();
        }

        Assert.Equal(start + 1, Tensor.LiveCount);
        Assert.Equal(new float[] { 5, 5 }, owned.ToArray<float>());
        owned.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }
}
