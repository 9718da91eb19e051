using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Shape changes and views.</summary>
public sealed partial class Tensor
{
    /// <summary>Returns a tensor with the same elements and a new shape (a view when possible); one size may be -1.</summary>
    /// <param name="shape">The new shape.</param>
    /// <returns>A new tensor.</returns>
    public unsafe Tensor Reshape(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        fixed (long* pointer = shape)
        {
            return WrapResult(NativeMethods.TensorReshape(Handle, pointer, shape.Length));
        }
    }

    /// <summary>Returns a view with a new shape; the tensor must be contiguous in the viewed dimensions.</summary>
    /// <param name="shape">The new shape; one size may be -1.</param>
    /// <returns>A new tensor sharing memory.</returns>
    public unsafe Tensor View(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        fixed (long* pointer = shape)
        {
            return WrapResult(NativeMethods.TensorView(Handle, pointer, shape.Length));
        }
    }

    /// <summary>Returns the view of elements <paramref name="start"/> to <paramref name="end"/> (exclusive) along a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="start">The first index.</param>
    /// <param name="end">The exclusive end index (clamped to the size).</param>
    /// <param name="step">The stride; 1 by default.</param>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Slice(int dimension, long start, long end, long step = 1) =>
        WrapResult(NativeMethods.TensorSlice(Handle, dimension, start, end, step));

    /// <summary>Returns the view at <paramref name="index"/> along a dimension, which is removed.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="index">The index (negative counts from the end).</param>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Select(int dimension, long index) =>
        WrapResult(NativeMethods.TensorSelect(Handle, dimension, index));

    /// <summary>Gathers the entries at <paramref name="index"/> (an int64 1-D tensor) along a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="index">The indices.</param>
    /// <returns>A new tensor.</returns>
    public Tensor IndexSelect(int dimension, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return WrapResult(NativeMethods.TensorIndexSelect(Handle, dimension, index.Handle), index);
    }

    /// <summary>Concatenates tensors along an existing dimension.</summary>
    /// <param name="tensors">The tensors; same shape except in <paramref name="dimension"/>.</param>
    /// <param name="dimension">The dimension.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Cat(IReadOnlyList<Tensor> tensors, int dimension = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var handles = Handles(tensors);
        fixed (IntPtr* pointer = handles)
        {
            var result = new Tensor(NativeMethods.Check(NativeMethods.TensorCat(pointer, handles.Length, dimension)));
            GC.KeepAlive(tensors);
            return result;
        }
    }

    /// <summary>Stacks tensors of equal shape along a new dimension.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="dimension">The new dimension's position.</param>
    /// <returns>A new tensor.</returns>
    public static unsafe Tensor Stack(IReadOnlyList<Tensor> tensors, int dimension = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var handles = Handles(tensors);
        fixed (IntPtr* pointer = handles)
        {
            var result = new Tensor(NativeMethods.Check(NativeMethods.TensorStack(pointer, handles.Length, dimension)));
            GC.KeepAlive(tensors);
            return result;
        }
    }

    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++)
        {
            handles[i] = tensors[i].Handle;
        }

        return handles;
    }

    /// <summary>Returns a view with dimensions <paramref name="dimension0"/> and <paramref name="dimension1"/> swapped.</summary>
    /// <param name="dimension0">The first dimension.</param>
    /// <param name="dimension1">The second dimension.</param>
    /// <returns>A new tensor sharing memory (not contiguous in general).</returns>
    public Tensor Transpose(int dimension0, int dimension1) =>
        WrapResult(NativeMethods.TensorTranspose(Handle, dimension0, dimension1));

    /// <summary>Returns a view with the dimensions reordered: result dimension i is input dimension <c>order[i]</c>.</summary>
    /// <param name="order">A permutation of the dimensions (negative values count from the end).</param>
    /// <returns>A new tensor sharing memory.</returns>
    /// <exception cref="TorchException"><paramref name="order"/> is not a permutation of the dimensions.</exception>
    public unsafe Tensor Permute(params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var dims = Array.ConvertAll(order, static d => (long)d);
        fixed (long* pointer = dims)
        {
            return WrapResult(NativeMethods.TensorPermute(Handle, pointer, dims.Length));
        }
    }

    /// <summary>Returns a view with a new size-1 dimension inserted at <paramref name="dimension"/>.</summary>
    /// <param name="dimension">The position of the new dimension (-1 appends).</param>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Unsqueeze(int dimension) => WrapResult(NativeMethods.TensorUnsqueeze(Handle, dimension));

    /// <summary>Returns a view with every size-1 dimension removed.</summary>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Squeeze() => WrapResult(NativeMethods.TensorSqueeze(Handle));

    /// <summary>Returns a view with <paramref name="dimension"/> removed if its size is 1 (else the same shape).</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Squeeze(int dimension) => WrapResult(NativeMethods.TensorSqueezeDim(Handle, dimension));

    /// <summary>Returns a view broadcast to a larger shape without copying (size-1 dimensions stretch; -1 keeps a size).</summary>
    /// <param name="shape">The target shape.</param>
    /// <returns>A new tensor sharing memory; do not write to it.</returns>
    /// <exception cref="TorchException">The shape is not reachable by broadcasting.</exception>
    public unsafe Tensor Expand(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        fixed (long* pointer = shape)
        {
            return WrapResult(NativeMethods.TensorExpand(Handle, pointer, shape.Length));
        }
    }

    /// <summary>Tiles the tensor: dimension i is repeated <c>repeats[i]</c> times (copies the data).</summary>
    /// <param name="repeats">The repeat count per dimension; at least as many entries as dimensions.</param>
    /// <returns>A new tensor.</returns>
    public unsafe Tensor Repeat(params long[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        fixed (long* pointer = repeats)
        {
            return WrapResult(NativeMethods.TensorRepeat(Handle, pointer, repeats.Length));
        }
    }

    /// <summary>Returns the view of <paramref name="length"/> elements from <paramref name="start"/> along a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="start">The first index.</param>
    /// <param name="length">How many elements.</param>
    /// <returns>A new tensor sharing memory.</returns>
    /// <exception cref="TorchException">The range leaves the dimension.</exception>
    public Tensor Narrow(int dimension, long start, long length) =>
        WrapResult(NativeMethods.TensorNarrow(Handle, dimension, start, length));

    /// <summary>Picks <c>result[i][j] = this[index[i][j]][j]</c> for dimension 0 (and likewise for others), as <c>torch.gather</c>.</summary>
    /// <param name="dimension">The dimension to index along.</param>
    /// <param name="index">An int64 tensor with as many dimensions as this one.</param>
    /// <returns>A new tensor shaped like <paramref name="index"/>.</returns>
    /// <exception cref="TorchException">An index is out of range or the index is not int64.</exception>
    public Tensor Gather(int dimension, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return WrapResult(NativeMethods.TensorGather(Handle, dimension, index.Handle), index);
    }

    /// <summary>Returns a copy with <c>copy[index[i][j]][j] = source[i][j]</c> for dimension 0 (and likewise for others), as <c>torch.scatter</c>.</summary>
    /// <param name="dimension">The dimension to index along.</param>
    /// <param name="index">An int64 tensor with as many dimensions as this one.</param>
    /// <param name="source">The values to write; at least as large as <paramref name="index"/> in every dimension.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">An index is out of range or the shapes do not fit.</exception>
    public Tensor Scatter(int dimension, Tensor index, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        var result = WrapResult(NativeMethods.TensorScatter(Handle, dimension, index.Handle, source.Handle), index);
        GC.KeepAlive(source);
        return result;
    }

    /// <summary>Returns a copy with <paramref name="value"/> wherever <paramref name="mask"/> is true.</summary>
    /// <param name="mask">A bool tensor (broadcast to this shape).</param>
    /// <param name="value">The fill value (converted to this dtype).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The mask is not bool or does not broadcast.</exception>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return WrapResult(NativeMethods.TensorMaskedFill(Handle, mask.Handle, value), mask);
    }

    /// <summary>One-hot encodes an int64 tensor of class indices: the result has one more dimension, of size <paramref name="numberOfClasses"/>.</summary>
    /// <param name="numberOfClasses">The number of classes, or -1 (default) for one more than the largest index.</param>
    /// <returns>A new int64 tensor of zeros and ones.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfClasses"/> is less than -1.</exception>
    /// <exception cref="TorchException">The tensor is not int64 or holds an index outside [0, numberOfClasses).</exception>
    public Tensor OneHot(long numberOfClasses = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfClasses, -1);
        return WrapResult(NativeMethods.TensorOneHot(Handle, numberOfClasses));
    }
}
