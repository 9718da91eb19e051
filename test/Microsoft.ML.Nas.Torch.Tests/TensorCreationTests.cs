using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests;

public sealed class TensorCreationTests
{
    [Fact]
    public void FromArray_ThenToArray_RoundTripsValuesAndShape()
    {
        using var tensor = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);

        Assert.Equal(new long[] { 2, 3 }, tensor.Shape);
        Assert.Equal(ScalarType.Float32, tensor.Dtype);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, tensor.ToArray<float>());
    }

    [Fact]
    public void FromArray_WithMismatchedShape_ThrowsNamingBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3 }, 2, 2));
        Assert.Contains("4 elements", error.Message, StringComparison.Ordinal);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void View_WithIncompatibleShape_RaisesTorchExceptionAndProcessKeepsWorking()
    {
        using var tensor = Tensor.Zeros([2, 3]);

        var error = Assert.Throws<TorchException>(() => tensor.View(4, 2));
        Assert.Contains("shape", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception raised from", error.Message, StringComparison.Ordinal);

        using var reshaped = tensor.View(3, 2);
        Assert.Equal(new long[] { 3, 2 }, reshaped.Shape);
    }

    [Fact]
    public void DisposeScope_ReleasesTensorsCreatedInside_ExceptThoseMovedOut()
    {
        var before = Tensor.LiveCount;
        Tensor kept;
        using (DisposeScope.Begin())
        {
            _ = Tensor.Ones([4]);
            _ = Tensor.Zeros([4]);
            kept = Tensor.Full([2], 7).MoveToOuterScope();
        }

        Assert.Equal(before + 1, Tensor.LiveCount);
        Assert.Equal(new float[] { 7, 7 }, kept.ToArray<float>());
        kept.Dispose();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void ManualSeed_SameSeed_GivesSameNumbers()
    {
        LibTorch.ManualSeed(42);
        using var first = Tensor.Randn([5]);
        LibTorch.ManualSeed(42);
        using var second = Tensor.Randn([5]);

        Assert.Equal(first.ToArray<float>(), second.ToArray<float>());
    }
}
