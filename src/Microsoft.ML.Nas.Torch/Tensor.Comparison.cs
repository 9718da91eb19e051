using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Element-wise comparison and logic (results are <see cref="ScalarType.Bool"/> tensors), and whole-tensor equality.</summary>
/// <remarks>
/// The C# comparison operators are deliberately not overloaded: <c>==</c> on a reference type is expected to mean
/// identity, and a bool tensor is not a <see cref="bool"/>.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>Compares element-wise: <c>this == other</c>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Eq(Tensor other) => Compare(other, NativeMethods.TensorEq);

    /// <summary>Compares element-wise with a scalar: <c>this == value</c>.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor Eq(double value) =>
        WrapResult(NativeMethods.TensorEqScalar(Handle, value, IntegralIfWhole(value)));

    /// <summary>Compares element-wise: <c>this != other</c>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Ne(Tensor other) => Compare(other, NativeMethods.TensorNe);

    /// <summary>Compares element-wise with a scalar: <c>this != value</c>.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor Ne(double value) =>
        WrapResult(NativeMethods.TensorNeScalar(Handle, value, IntegralIfWhole(value)));

    /// <summary>Compares element-wise: <c>this &lt; other</c>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Lt(Tensor other) => Compare(other, NativeMethods.TensorLt);

    /// <summary>Compares element-wise with a scalar: <c>this &lt; value</c>.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor Lt(double value) =>
        WrapResult(NativeMethods.TensorLtScalar(Handle, value, IntegralIfWhole(value)));

    /// <summary>Compares element-wise: <c>this &lt;= other</c>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Le(Tensor other) => Compare(other, NativeMethods.TensorLe);

    /// <summary>Compares element-wise with a scalar: <c>this &lt;= value</c>.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor Le(double value) =>
        WrapResult(NativeMethods.TensorLeScalar(Handle, value, IntegralIfWhole(value)));

    /// <summary>Compares element-wise: <c>this &gt; other</c>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Gt(Tensor other) => Compare(other, NativeMethods.TensorGt);

    /// <summary>Compares element-wise with a scalar: <c>this &gt; value</c>.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor Gt(double value) =>
        WrapResult(NativeMethods.TensorGtScalar(Handle, value, IntegralIfWhole(value)));

    /// <summary>Compares element-wise: <c>this &gt;= other</c>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Ge(Tensor other) => Compare(other, NativeMethods.TensorGe);

    /// <summary>Compares element-wise with a scalar: <c>this &gt;= value</c>.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor Ge(double value) =>
        WrapResult(NativeMethods.TensorGeScalar(Handle, value, IntegralIfWhole(value)));

    /// <summary>Logical AND element-wise (non-zero is true).</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor LogicalAnd(Tensor other) => Compare(other, NativeMethods.TensorLogicalAnd);

    /// <summary>Logical OR element-wise (non-zero is true).</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor LogicalOr(Tensor other) => Compare(other, NativeMethods.TensorLogicalOr);

    /// <summary>Logical exclusive OR element-wise (non-zero is true).</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new bool tensor.</returns>
    public Tensor LogicalXor(Tensor other) => Compare(other, NativeMethods.TensorLogicalXor);

    /// <summary>Logical NOT element-wise (non-zero is true).</summary>
    /// <returns>A new bool tensor.</returns>
    public Tensor LogicalNot() => WrapResult(NativeMethods.TensorLogicalNot(Handle));

    /// <summary>
    /// Tells whether every element satisfies <c>|this - other| ≤ absoluteTolerance + relativeTolerance * |other|</c>
    /// (shapes broadcast), as <c>torch.allclose</c>.
    /// </summary>
    /// <param name="other">The reference tensor.</param>
    /// <param name="relativeTolerance">The relative tolerance; 1e-5 by default.</param>
    /// <param name="absoluteTolerance">The absolute tolerance; 1e-8 by default.</param>
    /// <param name="equalNaN">Whether NaN equals NaN; <see langword="false"/> by default.</param>
    /// <returns><see langword="true"/> when all elements are close.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative.</exception>
    /// <exception cref="TorchException">The shapes do not broadcast or the dtypes differ.</exception>
    public bool AllClose(Tensor other, double relativeTolerance = 1e-5, double absoluteTolerance = 1e-8, bool equalNaN = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentOutOfRangeException.ThrowIfNegative(relativeTolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(absoluteTolerance);
        NativeMethods.Check(NativeMethods.TensorAllclose(
            Handle, other.Handle, relativeTolerance, absoluteTolerance, equalNaN ? 1 : 0, out var result));
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return result != 0;
    }

    /// <summary>
    /// Tells whether <paramref name="other"/> has the same shape and exactly the same elements, as <c>torch.equal</c>
    /// (elements compare by value across dtypes: 1.0f equals 1.0).
    /// </summary>
    /// <param name="other">The other tensor.</param>
    /// <returns><see langword="true"/> when shape and elements match.</returns>
    public bool Equal(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        NativeMethods.Check(NativeMethods.TensorEqual(Handle, other.Handle, out var result));
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return result != 0;
    }

    private Tensor Compare(Tensor other, Func<IntPtr, IntPtr, IntPtr> nativeOperation)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(nativeOperation(Handle, other.Handle), other);
    }
}
