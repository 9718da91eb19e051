using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

/// <summary>Forward and backward of every layer release every native tensor they create.</summary>
public sealed class NNLeakTests
{
    [Theory]
    [MemberData(nameof(GradientCheckTests.Layers), MemberType = typeof(GradientCheckTests))]
    public void ForwardAndBackwardInAScope_LeaveLiveCountUnchanged_AndDisposeReleasesTheModule(string name)
    {
        var start = Tensor.LiveCount;
        var (module, shape) = GradientCheckTests.Build(name);
        var withModule = Tensor.LiveCount;

        using (DisposeScope.Begin())
        {
            var x = Tensor.Randn(shape);
            x.RequiresGrad = true;
            var loss = module.Forward(x).Sum();
            loss.Backward();
            _ = x.Grad;
            _ = module.Parameters().Select(p => p.Grad).ToList();
        }

        Assert.Equal(withModule, Tensor.LiveCount);
        module.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void Sequential_ForwardOutsideAScope_CreatesOnlyItsOutput()
    {
        using var network = LayerTests.Network();
        using var x = Tensor.Randn([2, 2, 4, 4]);
        var before = Tensor.LiveCount;

        var y = network.Forward(x);

        Assert.Equal(before + 1, Tensor.LiveCount);
        y.Dispose();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void Losses_InAScope_LeaveLiveCountUnchanged()
    {
        var before = Tensor.LiveCount;
        using (DisposeScope.Begin())
        {
            var logits = Tensor.Randn([4, 3]);
            logits.RequiresGrad = true;
            var labels = Tensor.FromArray(new long[] { 0, 2, 1, 1 });
            var weight = Tensor.FromArray(new float[] { 1, 2, 3 });
            Losses.CrossEntropy(logits, labels, weight, labelSmoothing: 0.1).Backward();
            Losses.KLDivLoss(Functional.LogSoftmax(logits, 1), Functional.Softmax(logits, 1)).Backward();
            _ = logits.Grad;
        }

        Assert.Equal(before, Tensor.LiveCount);
    }
}
