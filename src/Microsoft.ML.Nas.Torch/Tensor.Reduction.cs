using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Reductions: sums, means, extrema, arg-extrema, top-k, spread, norms, counts.</summary>
/// <remarks>
/// Overloads without a dimension reduce every element to a zero-dimensional tensor. Dimensions may be negative (counted
/// from the end). <c>keepDimensions</c> keeps each reduced dimension with size 1, so the result broadcasts against the
/// input.
/// </remarks>
public sealed partial class Tensor
{
    // libtorch's limit on the number of dimensions; also bounds the stack buffers below.
    private const int MaxDimensions = 64;

    /// <summary>Sums all elements (integer and bool tensors sum to int64).</summary>
    /// <param name="dtype">The dtype to accumulate and return in, or <see langword="null"/> for PyTorch's default.</param>
    /// <returns>A new zero-dimensional tensor.</returns>
    public Tensor Sum(ScalarType? dtype = null) => WrapResult(NativeMethods.TensorSum(Handle, DtypeCode(dtype)));

    /// <summary>Sums along one dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <param name="dtype">The dtype to accumulate and return in, or <see langword="null"/> for PyTorch's default.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TorchException">The dimension is out of range.</exception>
    public Tensor Sum(int dimension, bool keepDimensions = false, ScalarType? dtype = null) =>
        Sum([dimension], keepDimensions, dtype);

    /// <summary>Sums along several dimensions.</summary>
    /// <param name="dimensions">The dimensions to reduce; at least one.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimensions with size 1.</param>
    /// <param name="dtype">The dtype to accumulate and return in, or <see langword="null"/> for PyTorch's default.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException"><paramref name="dimensions"/> is empty.</exception>
    /// <exception cref="TorchException">A dimension is out of range or repeated.</exception>
    public unsafe Tensor Sum(ReadOnlySpan<int> dimensions, bool keepDimensions = false, ScalarType? dtype = null)
    {
        Span<long> dims = stackalloc long[RequireDimensions(dimensions)];
        fixed (long* pointer = ToLongs(dimensions, dims))
        {
            return WrapResult(
                NativeMethods.TensorSumDims(Handle, pointer, dims.Length, keepDimensions ? 1 : 0, DtypeCode(dtype)));
        }
    }

    /// <summary>Averages all elements (floating-point tensors only).</summary>
    /// <returns>A new zero-dimensional tensor.</returns>
    /// <exception cref="TorchException">The tensor has an integer dtype.</exception>
    public Tensor Mean() => WrapResult(NativeMethods.TensorMean(Handle));

    /// <summary>Averages along one dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Mean(int dimension, bool keepDimensions = false) => Mean([dimension], keepDimensions);

    /// <summary>Averages along several dimensions.</summary>
    /// <param name="dimensions">The dimensions to reduce; at least one.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimensions with size 1.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException"><paramref name="dimensions"/> is empty.</exception>
    public unsafe Tensor Mean(ReadOnlySpan<int> dimensions, bool keepDimensions = false)
    {
        Span<long> dims = stackalloc long[RequireDimensions(dimensions)];
        fixed (long* pointer = ToLongs(dimensions, dims))
        {
            return WrapResult(NativeMethods.TensorMeanDims(Handle, pointer, dims.Length, keepDimensions ? 1 : 0));
        }
    }

    /// <summary>Returns the largest element.</summary>
    /// <returns>A new zero-dimensional tensor.</returns>
    /// <exception cref="TorchException">The tensor is empty.</exception>
    public Tensor Max() => WrapResult(NativeMethods.TensorMax(Handle));

    /// <summary>Returns the largest elements along a dimension and their positions.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>The values and their int64 indices along <paramref name="dimension"/>.</returns>
    public (Tensor Values, Tensor Indices) Max(int dimension, bool keepDimensions = false)
    {
        NativeMethods.Check(NativeMethods.TensorMaxDim(Handle, dimension, keepDimensions ? 1 : 0, out var values, out var indices));
        return WrapPair(values, indices);
    }

    /// <summary>Returns the smallest element.</summary>
    /// <returns>A new zero-dimensional tensor.</returns>
    /// <exception cref="TorchException">The tensor is empty.</exception>
    public Tensor Min() => WrapResult(NativeMethods.TensorMin(Handle));

    /// <summary>Returns the smallest elements along a dimension and their positions.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>The values and their int64 indices along <paramref name="dimension"/>.</returns>
    public (Tensor Values, Tensor Indices) Min(int dimension, bool keepDimensions = false)
    {
        NativeMethods.Check(NativeMethods.TensorMinDim(Handle, dimension, keepDimensions ? 1 : 0, out var values, out var indices));
        return WrapPair(values, indices);
    }

    /// <summary>Returns the index of the largest element in the flattened tensor.</summary>
    /// <returns>A new zero-dimensional int64 tensor.</returns>
    public Tensor ArgMax() => WrapResult(NativeMethods.TensorArgmax(Handle, 0, 0, 0));

    /// <summary>Returns the indices of the largest elements along a dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>A new int64 tensor.</returns>
    public Tensor ArgMax(int dimension, bool keepDimensions = false) =>
        WrapResult(NativeMethods.TensorArgmax(Handle, dimension, 1, keepDimensions ? 1 : 0));

    /// <summary>Returns the index of the smallest element in the flattened tensor.</summary>
    /// <returns>A new zero-dimensional int64 tensor.</returns>
    public Tensor ArgMin() => WrapResult(NativeMethods.TensorArgmin(Handle, 0, 0, 0));

    /// <summary>Returns the indices of the smallest elements along a dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>A new int64 tensor.</returns>
    public Tensor ArgMin(int dimension, bool keepDimensions = false) =>
        WrapResult(NativeMethods.TensorArgmin(Handle, dimension, 1, keepDimensions ? 1 : 0));

    /// <summary>Returns the <paramref name="k"/> largest (or smallest) elements along a dimension.</summary>
    /// <param name="k">How many elements to keep; 0 ≤ k ≤ the dimension's size.</param>
    /// <param name="dimension">The dimension; the last by default.</param>
    /// <param name="largest">Whether to take the largest (default) or the smallest elements.</param>
    /// <param name="sorted">Whether to return them in sorted order (default).</param>
    /// <returns>The values and their int64 indices along <paramref name="dimension"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="TorchException"><paramref name="k"/> exceeds the dimension's size.</exception>
    public (Tensor Values, Tensor Indices) TopK(long k, int dimension = -1, bool largest = true, bool sorted = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        NativeMethods.Check(NativeMethods.TensorTopk(
            Handle, k, dimension, largest ? 1 : 0, sorted ? 1 : 0, out var values, out var indices));
        return WrapPair(values, indices);
    }

    /// <summary>Returns the standard deviation of all elements.</summary>
    /// <param name="unbiased">Whether to divide by n - 1 (Bessel's correction, default) instead of n.</param>
    /// <returns>A new zero-dimensional tensor.</returns>
    public Tensor Std(bool unbiased = true) => WrapResult(NativeMethods.TensorStd(Handle, unbiased ? 1 : 0));

    /// <summary>Returns the standard deviation along one dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="unbiased">Whether to divide by n - 1 (default) instead of n.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Std(int dimension, bool unbiased = true, bool keepDimensions = false) =>
        Std([dimension], unbiased, keepDimensions);

    /// <summary>Returns the standard deviation along several dimensions.</summary>
    /// <param name="dimensions">The dimensions to reduce; at least one.</param>
    /// <param name="unbiased">Whether to divide by n - 1 (default) instead of n.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimensions with size 1.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException"><paramref name="dimensions"/> is empty.</exception>
    public unsafe Tensor Std(ReadOnlySpan<int> dimensions, bool unbiased = true, bool keepDimensions = false)
    {
        Span<long> dims = stackalloc long[RequireDimensions(dimensions)];
        fixed (long* pointer = ToLongs(dimensions, dims))
        {
            return WrapResult(NativeMethods.TensorStdDims(
                Handle, pointer, dims.Length, unbiased ? 1 : 0, keepDimensions ? 1 : 0));
        }
    }

    /// <summary>Returns the variance of all elements.</summary>
    /// <param name="unbiased">Whether to divide by n - 1 (Bessel's correction, default) instead of n.</param>
    /// <returns>A new zero-dimensional tensor.</returns>
    public Tensor Var(bool unbiased = true) => WrapResult(NativeMethods.TensorVar(Handle, unbiased ? 1 : 0));

    /// <summary>Returns the variance along one dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="unbiased">Whether to divide by n - 1 (default) instead of n.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Var(int dimension, bool unbiased = true, bool keepDimensions = false) =>
        Var([dimension], unbiased, keepDimensions);

    /// <summary>Returns the variance along several dimensions.</summary>
    /// <param name="dimensions">The dimensions to reduce; at least one.</param>
    /// <param name="unbiased">Whether to divide by n - 1 (default) instead of n.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimensions with size 1.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException"><paramref name="dimensions"/> is empty.</exception>
    public unsafe Tensor Var(ReadOnlySpan<int> dimensions, bool unbiased = true, bool keepDimensions = false)
    {
        Span<long> dims = stackalloc long[RequireDimensions(dimensions)];
        fixed (long* pointer = ToLongs(dimensions, dims))
        {
            return WrapResult(NativeMethods.TensorVarDims(
                Handle, pointer, dims.Length, unbiased ? 1 : 0, keepDimensions ? 1 : 0));
        }
    }

    /// <summary>Returns the p-norm of all elements, <c>(Σ |x|^p)^(1/p)</c>.</summary>
    /// <param name="p">The order: 2 (default) for Euclidean, 1 for the sum of absolute values, infinity for the max.</param>
    /// <returns>A new zero-dimensional tensor.</returns>
    public Tensor Norm(double p = 2) => WrapResult(NativeMethods.TensorNorm(Handle, p));

    /// <summary>Returns the p-norm along one dimension.</summary>
    /// <param name="p">The order.</param>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimension with size 1.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Norm(double p, int dimension, bool keepDimensions = false) => Norm(p, [dimension], keepDimensions);

    /// <summary>Returns the p-norm along several dimensions.</summary>
    /// <param name="p">The order.</param>
    /// <param name="dimensions">The dimensions to reduce; at least one.</param>
    /// <param name="keepDimensions">Whether to keep the reduced dimensions with size 1.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException"><paramref name="dimensions"/> is empty.</exception>
    public unsafe Tensor Norm(double p, ReadOnlySpan<int> dimensions, bool keepDimensions = false)
    {
        Span<long> dims = stackalloc long[RequireDimensions(dimensions)];
        fixed (long* pointer = ToLongs(dimensions, dims))
        {
            return WrapResult(NativeMethods.TensorNormDims(Handle, p, pointer, dims.Length, keepDimensions ? 1 : 0));
        }
    }

    /// <summary>Counts the non-zero elements.</summary>
    /// <returns>A new zero-dimensional int64 tensor.</returns>
    public Tensor CountNonzero() => WrapResult(NativeMethods.TensorCountNonzero(Handle));

    /// <summary>Counts the non-zero elements along one dimension.</summary>
    /// <param name="dimension">The dimension to reduce.</param>
    /// <returns>A new int64 tensor.</returns>
    public Tensor CountNonzero(int dimension) => CountNonzero([dimension]);

    /// <summary>Counts the non-zero elements along several dimensions.</summary>
    /// <param name="dimensions">The dimensions to reduce; at least one.</param>
    /// <returns>A new int64 tensor.</returns>
    /// <exception cref="ArgumentException"><paramref name="dimensions"/> is empty.</exception>
    public unsafe Tensor CountNonzero(ReadOnlySpan<int> dimensions)
    {
        Span<long> dims = stackalloc long[RequireDimensions(dimensions)];
        fixed (long* pointer = ToLongs(dimensions, dims))
        {
            return WrapResult(NativeMethods.TensorCountNonzeroDims(Handle, pointer, dims.Length));
        }
    }

    private static int DtypeCode(ScalarType? dtype) => dtype is { } value ? (int)value : -1;

    private static int RequireDimensions(ReadOnlySpan<int> dimensions, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(dimensions))] string? name = null)
    {
        // An empty list means "all dimensions" to some libtorch overloads and "none" to others: refuse it.
        if (dimensions.IsEmpty)
        {
            throw new ArgumentException("Give at least one dimension, or use the overload without dimensions to reduce all.", name);
        }

        if (dimensions.Length > MaxDimensions)
        {
            throw new ArgumentException($"A tensor has at most {MaxDimensions} dimensions; got {dimensions.Length}.", name);
        }

        return dimensions.Length;
    }

    private static Span<long> ToLongs(ReadOnlySpan<int> dimensions, Span<long> destination)
    {
        for (var i = 0; i < dimensions.Length; i++)
        {
            destination[i] = dimensions[i];
        }

        return destination;
    }

    private (Tensor Values, Tensor Indices) WrapPair(IntPtr values, IntPtr indices)
    {
        // Both handles are valid once the status was checked; wrap both before anything else can throw.
        var pair = (new Tensor(values), new Tensor(indices));
        GC.KeepAlive(this);
        return pair;
    }
}
