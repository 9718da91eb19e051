using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests;

/// <summary>libtorch errors become <see cref="TorchException"/>s with libtorch's message, and the process keeps working.</summary>
public sealed class TensorErrorTests
{
    private static void AssertTorchError(Func<object?> operation, string expectedFragment)
    {
        var before = Tensor.LiveCount;
        var error = Assert.Throws<TorchException>(() => operation());
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception raised from", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("frame #", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Tensor.LiveCount);
    }

    private static void AssertStillWorks()
    {
        using var scope = DisposeScope.Begin();
        var sum = (Tensor.Ones([2, 2]) * 3).Sum();
        Assert.Equal(12.0, sum.ToDouble());
    }

    [Fact]
    public void Add_WithMismatchedShapes_RaisesLibtorchMessage_AndProcessKeepsWorking()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2, 3]);
        var y = Tensor.Ones([4]);

        AssertTorchError(() => x + y, "must match the size of tensor b");
        AssertStillWorks();
        AssertTorchError(() => x.AddInPlace(y), "must match the size of tensor b");
        AssertStillWorks();
    }

    [Fact]
    public void MatMul_WithMismatchedInnerDimensions_RaisesLibtorchMessage_AndProcessKeepsWorking()
    {
        using var scope = DisposeScope.Begin();
        var a = Tensor.Ones([2, 3]);
        var b = Tensor.Ones([2, 3]);

        AssertTorchError(() => a.MatMul(b), "cannot be multiplied (2x3 and 2x3)");
        AssertStillWorks();
    }

    [Fact]
    public void SelectAndIndexSelect_OutOfRange_RaiseLibtorchMessage_AndProcessKeepsWorking()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2, 3]);
        var index = Tensor.FromArray(new long[] { 0, 7 }, 2);

        AssertTorchError(() => x.Select(0, 5), "out of range");
        AssertStillWorks();
        AssertTorchError(() => x.IndexSelect(1, index), "out of");
        AssertStillWorks();
        var gatherIndex = Tensor.FromArray(new long[] { 9, 0, 0, 0, 0, 0 }, 2, 3);
        AssertTorchError(() => x.Gather(1, gatherIndex), "index 9 is out of bounds");
        AssertStillWorks();
    }

    [Fact]
    public void Ops_WithWrongDtype_RaiseLibtorchMessage_AndProcessKeepsWorking()
    {
        using var scope = DisposeScope.Begin();
        var integers = Tensor.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2);
        var floats = Tensor.Ones([2, 2]);
        var doubles = Tensor.Ones([2, 2], ScalarType.Float64);

        AssertTorchError(() => integers.Mean(), "floating point");
        AssertStillWorks();
        AssertTorchError(() => floats.MatMul(doubles), "expected scalar type");
        AssertStillWorks();
        AssertTorchError(() => Tensor.Where(integers, floats, floats), "condition");
        AssertStillWorks();
        AssertTorchError(() => integers.DivInPlace(2.5), "can't be cast");
        AssertStillWorks();
    }

    [Fact]
    public void Reductions_OnBadDimension_RaiseLibtorchMessage()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2, 3]);

        AssertTorchError(() => x.Sum(5), "Dimension out of range");
        AssertTorchError(() => x.Max(-3), "Dimension out of range");
        AssertTorchError(() => x.TopK(1, dimension: 4), "Dimension out of range");
        AssertStillWorks();
    }

    [Fact]
    public void OpsOnDisposedTensor_ThrowObjectDisposedException()
    {
        var live = Tensor.Ones([2]);
        var disposed = Tensor.Ones([2]);
        disposed.Dispose();

        Assert.True(disposed.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => disposed + live);
        Assert.Throws<ObjectDisposedException>(() => live + disposed);
        Assert.Throws<ObjectDisposedException>(() => disposed * 2);
        Assert.Throws<ObjectDisposedException>(() => 2 - disposed);
        Assert.Throws<ObjectDisposedException>(() => disposed.Exp());
        Assert.Throws<ObjectDisposedException>(() => disposed.Sum());
        Assert.Throws<ObjectDisposedException>(() => disposed.Max(0));
        Assert.Throws<ObjectDisposedException>(() => disposed.AddInPlace(1.0));
        Assert.Throws<ObjectDisposedException>(() => live.AddInPlace(disposed));
        Assert.Throws<ObjectDisposedException>(() => disposed.AllClose(live));
        Assert.Throws<ObjectDisposedException>(() => disposed.RequiresGrad);
        Assert.Throws<ObjectDisposedException>(() => disposed.Grad);
        Assert.Throws<ObjectDisposedException>(() => disposed.Backward());
        Assert.Throws<ObjectDisposedException>(() => disposed.Transpose(0, 0));

        live.Dispose();
    }

    [Fact]
    public void NullArguments_ThrowArgumentNullException()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2]);

        Assert.Throws<ArgumentNullException>(() => x.Add(null!));
        Assert.Throws<ArgumentNullException>(() => x + (Tensor)null!);
        Assert.Throws<ArgumentNullException>(() => (Tensor)null! * 2);
        Assert.Throws<ArgumentNullException>(() => Tensor.Where(null!, x, x));
        Assert.Throws<ArgumentNullException>(() => x.MatMul(null!));
    }

    [Fact]
    public void Errors_OnManyThreads_StayOnTheirThread()
    {
        // Each thread's failing op must report its own message, not another thread's.
        var failures = new string[4];
        var threads = Enumerable.Range(0, failures.Length).Select(i => new Thread(() =>
        {
            using var scope = DisposeScope.Begin();
            for (var repeat = 0; repeat < 20; repeat++)
            {
                var x = Tensor.Ones([2, 3]);
                try
                {
                    _ = x.Sum(10 + i);
                }
                catch (TorchException error)
                {
                    failures[i] = error.Message;
                }
            }
        })).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        for (var i = 0; i < failures.Length; i++)
        {
            Assert.Contains($"got {10 + i})", failures[i], StringComparison.Ordinal);
        }
    }
}
