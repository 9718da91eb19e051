using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Element-wise arithmetic, matrix product and in-place updates.</summary>
/// <remarks>
/// Shapes broadcast and dtypes promote as in PyTorch. A <see cref="long"/> scalar behaves like a Python <c>int</c>
/// (an int64 tensor plus 2 stays int64) and a <see cref="double"/> scalar like a Python <c>float</c> (an int64 tensor
/// plus 2.0 becomes float32). Integer scalars cross to libtorch exactly when |value| ≤ 2^53.
/// </remarks>
public sealed partial class Tensor
{
    // Largest magnitude a long can have and still travel through the shim's double scalar slot exactly.
    private const double MaxExactInteger = 9007199254740992d;

    /// <summary>Adds <paramref name="other"/> times <paramref name="alpha"/> element-wise.</summary>
    /// <param name="other">The tensor to add (broadcast).</param>
    /// <param name="alpha">The multiplier of <paramref name="other"/>; 1 by default.</param>
    /// <returns>A new tensor <c>this + alpha * other</c>.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast or the dtypes do not combine.</exception>
    public Tensor Add(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(
            NativeMethods.TensorAdd(Handle, other.Handle, alpha, IntegralIfWhole(alpha)), other);
    }

    /// <summary>Adds a floating-point scalar element-wise.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Add(double value) => WrapResult(NativeMethods.TensorAddScalar(Handle, value, 0));

    /// <summary>Adds an integer scalar element-wise (an integer tensor keeps its dtype).</summary>
    /// <param name="value">The scalar; |value| ≤ 2^53.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Add(long value) => WrapResult(NativeMethods.TensorAddScalar(Handle, Exact(value), 1));

    /// <summary>Subtracts <paramref name="other"/> times <paramref name="alpha"/> element-wise.</summary>
    /// <param name="other">The tensor to subtract (broadcast).</param>
    /// <param name="alpha">The multiplier of <paramref name="other"/>; 1 by default.</param>
    /// <returns>A new tensor <c>this - alpha * other</c>.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast or the dtypes do not combine.</exception>
    public Tensor Sub(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(
            NativeMethods.TensorSub(Handle, other.Handle, alpha, IntegralIfWhole(alpha)), other);
    }

    /// <summary>Subtracts a floating-point scalar element-wise.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Sub(double value) => WrapResult(NativeMethods.TensorSubScalar(Handle, value, 0));

    /// <summary>Subtracts an integer scalar element-wise (an integer tensor keeps its dtype).</summary>
    /// <param name="value">The scalar; |value| ≤ 2^53.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Sub(long value) => WrapResult(NativeMethods.TensorSubScalar(Handle, Exact(value), 1));

    /// <summary>Multiplies element-wise.</summary>
    /// <param name="other">The other factor (broadcast).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Mul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(NativeMethods.TensorMul(Handle, other.Handle), other);
    }

    /// <summary>Multiplies by a floating-point scalar.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Mul(double value) => WrapResult(NativeMethods.TensorMulScalar(Handle, value, 0));

    /// <summary>Multiplies by an integer scalar (an integer tensor keeps its dtype).</summary>
    /// <param name="value">The scalar; |value| ≤ 2^53.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Mul(long value) => WrapResult(NativeMethods.TensorMulScalar(Handle, Exact(value), 1));

    /// <summary>Divides element-wise (true division: integer tensors give floating-point results).</summary>
    /// <param name="other">The divisor (broadcast).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Div(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(NativeMethods.TensorDiv(Handle, other.Handle), other);
    }

    /// <summary>Divides by a scalar (true division).</summary>
    /// <param name="value">The divisor.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Div(double value) => WrapResult(NativeMethods.TensorDivScalar(Handle, value, 0));

    /// <summary>Divides by an integer scalar (true division).</summary>
    /// <param name="value">The divisor; |value| ≤ 2^53.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Div(long value) => WrapResult(NativeMethods.TensorDivScalar(Handle, Exact(value), 1));

    /// <summary>Raises every element to a floating-point power.</summary>
    /// <param name="exponent">The exponent.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Pow(double exponent) => WrapResult(NativeMethods.TensorPowScalar(Handle, exponent, 0));

    /// <summary>Raises every element to an integer power (an integer tensor keeps its dtype).</summary>
    /// <param name="exponent">The exponent; |exponent| ≤ 2^53.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Pow(long exponent) => WrapResult(NativeMethods.TensorPowScalar(Handle, Exact(exponent, nameof(exponent)), 1));

    /// <summary>Raises every element to the matching element of <paramref name="exponent"/>.</summary>
    /// <param name="exponent">The exponents (broadcast).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The shapes do not broadcast.</exception>
    public Tensor Pow(Tensor exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        return WrapResult(NativeMethods.TensorPow(Handle, exponent.Handle), exponent);
    }

    /// <summary>Returns the element-wise maximum of this tensor and <paramref name="other"/>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new tensor.</returns>
    public Tensor Maximum(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(NativeMethods.TensorMaximum(Handle, other.Handle), other);
    }

    /// <summary>Returns the element-wise minimum of this tensor and <paramref name="other"/>.</summary>
    /// <param name="other">The other tensor (broadcast).</param>
    /// <returns>A new tensor.</returns>
    public Tensor Minimum(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(NativeMethods.TensorMinimum(Handle, other.Handle), other);
    }

    /// <summary>Matrix product with PyTorch's <c>matmul</c> rules (vector, matrix and batched operands).</summary>
    /// <param name="other">The right operand.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The inner dimensions do not match.</exception>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WrapResult(NativeMethods.TensorMatmul(Handle, other.Handle), other);
    }

    /// <summary>Picks elements from <paramref name="whenTrue"/> where <paramref name="condition"/> holds, else from <paramref name="whenFalse"/>.</summary>
    /// <param name="condition">A bool tensor (broadcast).</param>
    /// <param name="whenTrue">Values where the condition is true (broadcast).</param>
    /// <param name="whenFalse">Values where the condition is false (broadcast).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The condition is not bool or the shapes do not broadcast.</exception>
    public static Tensor Where(Tensor condition, Tensor whenTrue, Tensor whenFalse)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ArgumentNullException.ThrowIfNull(whenFalse);
        var result = new Tensor(NativeMethods.Check(
            NativeMethods.TensorWhere(condition.Handle, whenTrue.Handle, whenFalse.Handle)));
        GC.KeepAlive(condition);
        GC.KeepAlive(whenTrue);
        GC.KeepAlive(whenFalse);
        return result;
    }

    /// <summary>Clamps every element into [<paramref name="min"/>, <paramref name="max"/>] (floating-point bounds).</summary>
    /// <param name="min">The lower bound, or <see langword="null"/> for none.</param>
    /// <param name="max">The upper bound, or <see langword="null"/> for none.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException">Both bounds are <see langword="null"/>.</exception>
    public Tensor Clamp(double? min, double? max)
    {
        if (min is null && max is null)
        {
            throw new ArgumentException("Clamp needs at least one of min and max.", nameof(min));
        }

        return WrapResult(NativeMethods.TensorClamp(
            Handle, min.GetValueOrDefault(), min.HasValue ? 1 : 0, max.GetValueOrDefault(), max.HasValue ? 1 : 0, 0));
    }

    /// <summary>Clamps every element into [<paramref name="min"/>, <paramref name="max"/>] (integer bounds keep an integer dtype).</summary>
    /// <param name="min">The lower bound, or <see langword="null"/> for none; |min| ≤ 2^53.</param>
    /// <param name="max">The upper bound, or <see langword="null"/> for none; |max| ≤ 2^53.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException">Both bounds are <see langword="null"/>.</exception>
    public Tensor Clamp(long? min, long? max)
    {
        if (min is null && max is null)
        {
            throw new ArgumentException("Clamp needs at least one of min and max.", nameof(min));
        }

        return WrapResult(NativeMethods.TensorClamp(
            Handle,
            min is { } lower ? Exact(lower, nameof(min)) : 0,
            min.HasValue ? 1 : 0,
            max is { } upper ? Exact(upper, nameof(max)) : 0,
            max.HasValue ? 1 : 0,
            1));
    }

    /// <summary>Returns <c>-this</c>.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Neg() => WrapResult(NativeMethods.TensorNeg(Handle));

    /// <summary>Returns e raised to every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Exp() => WrapResult(NativeMethods.TensorExp(Handle));

    /// <summary>Returns the natural logarithm of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Log() => WrapResult(NativeMethods.TensorLog(Handle));

    /// <summary>Returns <c>log(1 + x)</c>, accurate for small x.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Log1p() => WrapResult(NativeMethods.TensorLog1p(Handle));

    /// <summary>Returns the square root of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Sqrt() => WrapResult(NativeMethods.TensorSqrt(Handle));

    /// <summary>Returns the reciprocal of the square root of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Rsqrt() => WrapResult(NativeMethods.TensorRsqrt(Handle));

    /// <summary>Returns the absolute value of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Abs() => WrapResult(NativeMethods.TensorAbs(Handle));

    /// <summary>Returns -1, 0 or 1 by the sign of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Sign() => WrapResult(NativeMethods.TensorSign(Handle));

    /// <summary>Returns the square of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Square() => WrapResult(NativeMethods.TensorSquare(Handle));

    /// <summary>Returns <c>1 / x</c> for every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Reciprocal() => WrapResult(NativeMethods.TensorReciprocal(Handle));

    /// <summary>Returns the logistic sigmoid <c>1 / (1 + exp(-x))</c> of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Sigmoid() => WrapResult(NativeMethods.TensorSigmoid(Handle));

    /// <summary>Returns the hyperbolic tangent of every element.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Tanh() => WrapResult(NativeMethods.TensorTanh(Handle));

    /// <summary>Rounds every element down.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Floor() => WrapResult(NativeMethods.TensorFloor(Handle));

    /// <summary>Rounds every element up.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Ceiling() => WrapResult(NativeMethods.TensorCeil(Handle));

    /// <summary>Rounds every element to the nearest integer, halves to even.</summary>
    /// <returns>A new tensor.</returns>
    public Tensor Round() => WrapResult(NativeMethods.TensorRound(Handle));

    /// <summary>Adds <paramref name="other"/> times <paramref name="alpha"/> into this tensor.</summary>
    /// <param name="other">The tensor to add (broadcast to this shape).</param>
    /// <param name="alpha">The multiplier of <paramref name="other"/>; 1 by default.</param>
    /// <returns>This tensor.</returns>
    /// <exception cref="TorchException">
    /// The shapes do not broadcast, the result dtype cannot be stored in this tensor, or this is a leaf that requires
    /// grad and grad mode is on (wrap parameter updates in a <see cref="NoGradScope"/>).
    /// </exception>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InPlaceResult(
            NativeMethods.TensorAddInPlace(Handle, other.Handle, alpha, IntegralIfWhole(alpha)), other);
    }

    /// <summary>Adds a scalar into this tensor.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>This tensor.</returns>
    public Tensor AddInPlace(double value) =>
        InPlaceResult(NativeMethods.TensorAddScalarInPlace(Handle, value, IntegralIfWhole(value)));

    /// <summary>Subtracts <paramref name="other"/> times <paramref name="alpha"/> from this tensor.</summary>
    /// <param name="other">The tensor to subtract (broadcast to this shape).</param>
    /// <param name="alpha">The multiplier of <paramref name="other"/>; 1 by default.</param>
    /// <returns>This tensor.</returns>
    /// <exception cref="TorchException">See <see cref="AddInPlace(Tensor, double)"/>.</exception>
    public Tensor SubInPlace(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InPlaceResult(
            NativeMethods.TensorSubInPlace(Handle, other.Handle, alpha, IntegralIfWhole(alpha)), other);
    }

    /// <summary>Multiplies this tensor by <paramref name="other"/> element-wise.</summary>
    /// <param name="other">The factor (broadcast to this shape).</param>
    /// <returns>This tensor.</returns>
    /// <exception cref="TorchException">See <see cref="AddInPlace(Tensor, double)"/>.</exception>
    public Tensor MulInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InPlaceResult(NativeMethods.TensorMulInPlace(Handle, other.Handle), other);
    }

    /// <summary>Multiplies this tensor by a scalar.</summary>
    /// <param name="value">The scalar.</param>
    /// <returns>This tensor.</returns>
    public Tensor MulInPlace(double value) =>
        InPlaceResult(NativeMethods.TensorMulScalarInPlace(Handle, value, IntegralIfWhole(value)));

    /// <summary>Divides this tensor by <paramref name="other"/> element-wise (floating-point tensors only).</summary>
    /// <param name="other">The divisor (broadcast to this shape).</param>
    /// <returns>This tensor.</returns>
    /// <exception cref="TorchException">See <see cref="AddInPlace(Tensor, double)"/>.</exception>
    public Tensor DivInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InPlaceResult(NativeMethods.TensorDivInPlace(Handle, other.Handle), other);
    }

    /// <summary>Divides this tensor by a scalar (floating-point tensors only).</summary>
    /// <param name="value">The divisor.</param>
    /// <returns>This tensor.</returns>
    public Tensor DivInPlace(double value) =>
        InPlaceResult(NativeMethods.TensorDivScalarInPlace(Handle, value, IntegralIfWhole(value)));

    /// <summary>Sets every element to zero.</summary>
    /// <returns>This tensor.</returns>
    public Tensor ZeroInPlace() => InPlaceResult(NativeMethods.TensorZeroInPlace(Handle));

    /// <summary>Sets every element to <paramref name="value"/> (converted to this dtype).</summary>
    /// <param name="value">The value.</param>
    /// <returns>This tensor.</returns>
    public Tensor FillInPlace(double value) =>
        InPlaceResult(NativeMethods.TensorFillInPlace(Handle, value, IntegralIfWhole(value)));

    /// <summary>Adds element-wise.</summary>
    /// <param name="left">The left operand.</param>
    /// <param name="right">The right operand.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator +(Tensor left, Tensor right) => NotNull(left).Add(right);

    /// <summary>Adds a scalar.</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator +(Tensor left, double right) => NotNull(left).Add(right);

    /// <summary>Adds an integer scalar.</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator +(Tensor left, long right) => NotNull(left).Add(right);

    /// <summary>Adds a scalar.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator +(double left, Tensor right) => NotNull(right).Add(left);

    /// <summary>Adds an integer scalar.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator +(long left, Tensor right) => NotNull(right).Add(left);

    /// <summary>Subtracts element-wise.</summary>
    /// <param name="left">The left operand.</param>
    /// <param name="right">The right operand.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator -(Tensor left, Tensor right) => NotNull(left).Sub(right);

    /// <summary>Subtracts a scalar.</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator -(Tensor left, double right) => NotNull(left).Sub(right);

    /// <summary>Subtracts an integer scalar.</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator -(Tensor left, long right) => NotNull(left).Sub(right);

    /// <summary>Subtracts a tensor from a scalar.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor <c>left - right</c>.</returns>
    public static Tensor operator -(double left, Tensor right) =>
        NotNull(right).WrapResult(NativeMethods.TensorRsubScalar(right.Handle, left, 0));

    /// <summary>Subtracts a tensor from an integer scalar.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor <c>left - right</c>.</returns>
    public static Tensor operator -(long left, Tensor right) =>
        NotNull(right).WrapResult(NativeMethods.TensorRsubScalar(right.Handle, Exact(left, nameof(left)), 1));

    /// <summary>Negates every element.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator -(Tensor tensor) => NotNull(tensor).Neg();

    /// <summary>Multiplies element-wise.</summary>
    /// <param name="left">The left operand.</param>
    /// <param name="right">The right operand.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator *(Tensor left, Tensor right) => NotNull(left).Mul(right);

    /// <summary>Multiplies by a scalar.</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator *(Tensor left, double right) => NotNull(left).Mul(right);

    /// <summary>Multiplies by an integer scalar.</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator *(Tensor left, long right) => NotNull(left).Mul(right);

    /// <summary>Multiplies by a scalar.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator *(double left, Tensor right) => NotNull(right).Mul(left);

    /// <summary>Multiplies by an integer scalar.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator *(long left, Tensor right) => NotNull(right).Mul(left);

    /// <summary>Divides element-wise (true division).</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator /(Tensor left, Tensor right) => NotNull(left).Div(right);

    /// <summary>Divides by a scalar (true division).</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator /(Tensor left, double right) => NotNull(left).Div(right);

    /// <summary>Divides by an integer scalar (true division).</summary>
    /// <param name="left">The tensor.</param>
    /// <param name="right">The scalar.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator /(Tensor left, long right) => NotNull(left).Div(right);

    /// <summary>Divides a scalar by every element, computed as PyTorch does: <c>reciprocal(right) * left</c>.</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator /(double left, Tensor right) =>
        NotNull(right).WrapResult(NativeMethods.TensorRdivScalar(right.Handle, left, 0));

    /// <summary>Divides an integer scalar by every element (true division).</summary>
    /// <param name="left">The scalar.</param>
    /// <param name="right">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor operator /(long left, Tensor right) =>
        NotNull(right).WrapResult(NativeMethods.TensorRdivScalar(right.Handle, Exact(left, nameof(left)), 1));

    // A whole-number scalar crosses as an integer, so that in-place ops and alpha work on integer tensors too; for
    // floating-point tensors the two forms give identical results.
    private static int IntegralIfWhole(double value) =>
        Math.Abs(value) <= MaxExactInteger && Math.Floor(value) == value ? 1 : 0;

    private static double Exact(long value, string parameterName = "value")
    {
        if (Math.Abs((double)value) > MaxExactInteger)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, value, "Integer scalars must lie within ±2^53 to cross to libtorch exactly.");
        }

        return value;
    }

    private static Tensor NotNull(Tensor tensor, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(tensor))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        return tensor;
    }

    // Wraps a native result and keeps the operands alive until the native call has returned: without this the GC may
    // finalize an operand (and free its native tensor) while libtorch is still reading it.
    private Tensor WrapResult(IntPtr handle, Tensor? other = null)
    {
        var result = new Tensor(NativeMethods.Check(handle));
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return result;
    }

    private Tensor InPlaceResult(int status, Tensor? other = null)
    {
        NativeMethods.Check(status);
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return this;
    }
}
