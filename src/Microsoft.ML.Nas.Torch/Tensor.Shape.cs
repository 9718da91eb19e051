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
            return new Tensor(NativeMethods.Check(NativeMethods.TensorReshape(Handle, pointer, shape.Length)));
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
            return new Tensor(NativeMethods.Check(NativeMethods.TensorView(Handle, pointer, shape.Length)));
        }
    }

    /// <summary>Returns the view of elements <paramref name="start"/> to <paramref name="end"/> (exclusive) along a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="start">The first index.</param>
    /// <param name="end">The exclusive end index (clamped to the size).</param>
    /// <param name="step">The stride; 1 by default.</param>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Slice(int dimension, long start, long end, long step = 1) =>
        new(NativeMethods.Check(NativeMethods.TensorSlice(Handle, dimension, start, end, step)));

    /// <summary>Returns the view at <paramref name="index"/> along a dimension, which is removed.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="index">The index (negative counts from the end).</param>
    /// <returns>A new tensor sharing memory.</returns>
    public Tensor Select(int dimension, long index) =>
        new(NativeMethods.Check(NativeMethods.TensorSelect(Handle, dimension, index)));

    /// <summary>Gathers the entries at <paramref name="index"/> (an int64 1-D tensor) along a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <param name="index">The indices.</param>
    /// <returns>A new tensor.</returns>
    public Tensor IndexSelect(int dimension, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return new Tensor(NativeMethods.Check(NativeMethods.TensorIndexSelect(Handle, dimension, index.Handle)));
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
            return new Tensor(NativeMethods.Check(NativeMethods.TensorCat(pointer, handles.Length, dimension)));
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
            return new Tensor(NativeMethods.Check(NativeMethods.TensorStack(pointer, handles.Length, dimension)));
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
}
