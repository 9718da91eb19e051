using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>
/// A libtorch tensor owned by exactly one managed object. Dispose it (or create it inside a <see cref="DisposeScope"/>)
/// to release its memory deterministically; the finalizer is only a safety net.
/// </summary>
/// <remarks>
/// The partial files split the surface by area: <c>Tensor.Creation.cs</c> (factories and data transfer),
/// <c>Tensor.Shape.cs</c> (views), <c>Tensor.Math.cs</c> (arithmetic, comparison, reduction),
/// <c>Tensor.Autograd.cs</c>.
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    private IntPtr _handle;

    /// <summary>Takes ownership of a native handle returned by the shim; registers it with the current scope.</summary>
    /// <param name="handle">A non-null handle; ownership passes to the new tensor.</param>
    internal Tensor(IntPtr handle)
    {
        Debug.Assert(handle != IntPtr.Zero, "native calls are checked before wrapping");
        _handle = handle;
        DisposeScope.Register(this);
    }

    /// <summary>Finalizes a tensor that was not disposed.</summary>
    ~Tensor() => Release();

    /// <summary>Gets the number of native tensors alive in the process (created and not yet released).</summary>
    /// <remarks>Tests use it to prove that a training loop inside scopes leaks nothing.</remarks>
    public static long LiveCount => NativeMethods.TensorLiveCount();

    /// <summary>Gets a value indicating whether the tensor has been disposed.</summary>
    public bool IsDisposed => _handle == IntPtr.Zero;

    /// <summary>Gets the native handle.</summary>
    /// <exception cref="ObjectDisposedException">The tensor has been disposed.</exception>
    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            return _handle;
        }
    }

    /// <summary>Gets or sets the scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? OwningScope { get; set; }

    /// <summary>Gets the number of dimensions.</summary>
    public int Dimensions => (int)NativeMethods.TensorNdim(Handle);

    /// <summary>Gets the total number of elements.</summary>
    public long NumberOfElements => NativeMethods.TensorNumel(Handle);

    /// <summary>Gets the element type.</summary>
    public ScalarType Dtype => (ScalarType)NativeMethods.TensorDtype(Handle);

    /// <summary>Gets the device the tensor lives on.</summary>
    public Device Device =>
        new((DeviceType)NativeMethods.TensorDeviceType(Handle), NativeMethods.TensorDeviceIndex(Handle));

    /// <summary>Gets a value indicating whether the elements are laid out contiguously in row-major order.</summary>
    public bool IsContiguous => NativeMethods.TensorIsContiguous(Handle) != 0;

    /// <summary>Gets the size of every dimension.</summary>
    public unsafe long[] Shape
    {
        get
        {
            var shape = new long[Dimensions];
            fixed (long* pointer = shape)
            {
                NativeMethods.Check(NativeMethods.TensorShape(Handle, pointer));
            }

            return shape;
        }
    }

    /// <summary>Gets the size of dimension <paramref name="dimension"/> (negative counts from the end).</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>Its size.</returns>
    public long Size(int dimension)
    {
        var shape = Shape;
        var index = dimension < 0 ? dimension + shape.Length : dimension;
        if ((uint)index >= (uint)shape.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(dimension), dimension, $"The tensor has {shape.Length} dimensions.");
        }

        return shape[index];
    }

    /// <summary>Releases the native tensor now and removes it from its dispose scope.</summary>
    public void Dispose()
    {
        OwningScope?.Remove(this);
        OwningScope = null;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Moves this tensor from its dispose scope to the enclosing one (or to none at the outermost scope).</summary>
    /// <returns>This tensor.</returns>
    public Tensor MoveToOuterScope()
    {
        OwningScope?.MoveToOuter(this);
        return this;
    }

    /// <summary>Removes this tensor from every dispose scope: the caller owns it and must dispose it.</summary>
    /// <returns>This tensor.</returns>
    public Tensor DetachFromDisposeScope()
    {
        OwningScope?.Remove(this);
        OwningScope = null;
        return this;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsDisposed
            ? "Tensor(disposed)"
            : string.Create(CultureInfo.InvariantCulture, $"Tensor([{string.Join(", ", Shape)}], {Dtype}, {Device})");

    internal void DisposeFromScope()
    {
        // The scope is clearing its own set: forget it first so Dispose does not modify that set mid-iteration.
        OwningScope = null;
        Dispose();
    }

    private void Release()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero)
        {
            NativeMethods.TensorDispose(handle);
        }
    }
}
