using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>Entry points of <c>nasml_tensor_math.cpp</c>: arithmetic, comparison, logic, matmul and reductions.</summary>
/// <remarks>
/// A scalar crosses as a (double value, int integral) pair: integral != 0 makes an int64 <c>at::Scalar</c>. Reductions
/// with two results (max/min along a dimension, top-k) return a status and hand both handles back through out-parameters.
/// </remarks>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_add")]
    internal static partial IntPtr TensorAdd(IntPtr x, IntPtr y, double alpha, int alphaIntegral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sub")]
    internal static partial IntPtr TensorSub(IntPtr x, IntPtr y, double alpha, int alphaIntegral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_mul")]
    internal static partial IntPtr TensorMul(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_div")]
    internal static partial IntPtr TensorDiv(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_pow")]
    internal static partial IntPtr TensorPow(IntPtr x, IntPtr exponent);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_maximum")]
    internal static partial IntPtr TensorMaximum(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_minimum")]
    internal static partial IntPtr TensorMinimum(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_matmul")]
    internal static partial IntPtr TensorMatmul(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_where")]
    internal static partial IntPtr TensorWhere(IntPtr condition, IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_add_scalar")]
    internal static partial IntPtr TensorAddScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sub_scalar")]
    internal static partial IntPtr TensorSubScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_rsub_scalar")]
    internal static partial IntPtr TensorRsubScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_mul_scalar")]
    internal static partial IntPtr TensorMulScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_div_scalar")]
    internal static partial IntPtr TensorDivScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_rdiv_scalar")]
    internal static partial IntPtr TensorRdivScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_pow_scalar")]
    internal static partial IntPtr TensorPowScalar(IntPtr x, double exponent, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_clamp")]
    internal static partial IntPtr TensorClamp(IntPtr x, double min, int hasMin, double max, int hasMax, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_neg")]
    internal static partial IntPtr TensorNeg(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_exp")]
    internal static partial IntPtr TensorExp(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_log")]
    internal static partial IntPtr TensorLog(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_log1p")]
    internal static partial IntPtr TensorLog1p(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sqrt")]
    internal static partial IntPtr TensorSqrt(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_rsqrt")]
    internal static partial IntPtr TensorRsqrt(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_abs")]
    internal static partial IntPtr TensorAbs(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sign")]
    internal static partial IntPtr TensorSign(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_square")]
    internal static partial IntPtr TensorSquare(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_reciprocal")]
    internal static partial IntPtr TensorReciprocal(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sigmoid")]
    internal static partial IntPtr TensorSigmoid(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_tanh")]
    internal static partial IntPtr TensorTanh(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_floor")]
    internal static partial IntPtr TensorFloor(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ceil")]
    internal static partial IntPtr TensorCeil(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_round")]
    internal static partial IntPtr TensorRound(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_add_")]
    internal static partial int TensorAddInPlace(IntPtr x, IntPtr y, double alpha, int alphaIntegral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_add_scalar_")]
    internal static partial int TensorAddScalarInPlace(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sub_")]
    internal static partial int TensorSubInPlace(IntPtr x, IntPtr y, double alpha, int alphaIntegral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_mul_")]
    internal static partial int TensorMulInPlace(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_mul_scalar_")]
    internal static partial int TensorMulScalarInPlace(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_div_")]
    internal static partial int TensorDivInPlace(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_div_scalar_")]
    internal static partial int TensorDivScalarInPlace(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_zero_")]
    internal static partial int TensorZeroInPlace(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_fill_")]
    internal static partial int TensorFillInPlace(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_eq")]
    internal static partial IntPtr TensorEq(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ne")]
    internal static partial IntPtr TensorNe(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_lt")]
    internal static partial IntPtr TensorLt(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_le")]
    internal static partial IntPtr TensorLe(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_gt")]
    internal static partial IntPtr TensorGt(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ge")]
    internal static partial IntPtr TensorGe(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_eq_scalar")]
    internal static partial IntPtr TensorEqScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ne_scalar")]
    internal static partial IntPtr TensorNeScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_lt_scalar")]
    internal static partial IntPtr TensorLtScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_le_scalar")]
    internal static partial IntPtr TensorLeScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_gt_scalar")]
    internal static partial IntPtr TensorGtScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_ge_scalar")]
    internal static partial IntPtr TensorGeScalar(IntPtr x, double value, int integral);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_logical_and")]
    internal static partial IntPtr TensorLogicalAnd(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_logical_or")]
    internal static partial IntPtr TensorLogicalOr(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_logical_xor")]
    internal static partial IntPtr TensorLogicalXor(IntPtr x, IntPtr y);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_logical_not")]
    internal static partial IntPtr TensorLogicalNot(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_allclose")]
    internal static partial int TensorAllclose(IntPtr x, IntPtr y, double rtol, double atol, int equalNan, out int result);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_equal")]
    internal static partial int TensorEqual(IntPtr x, IntPtr y, out int result);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sum")]
    internal static partial IntPtr TensorSum(IntPtr x, int dtype);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_sum_dims")]
    internal static partial IntPtr TensorSumDims(IntPtr x, long* dims, long ndims, int keepdim, int dtype);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_mean")]
    internal static partial IntPtr TensorMean(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_mean_dims")]
    internal static partial IntPtr TensorMeanDims(IntPtr x, long* dims, long ndims, int keepdim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_max")]
    internal static partial IntPtr TensorMax(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_min")]
    internal static partial IntPtr TensorMin(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_max_dim")]
    internal static partial int TensorMaxDim(IntPtr x, long dim, int keepdim, out IntPtr values, out IntPtr indices);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_min_dim")]
    internal static partial int TensorMinDim(IntPtr x, long dim, int keepdim, out IntPtr values, out IntPtr indices);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_argmax")]
    internal static partial IntPtr TensorArgmax(IntPtr x, long dim, int hasDim, int keepdim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_argmin")]
    internal static partial IntPtr TensorArgmin(IntPtr x, long dim, int hasDim, int keepdim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_topk")]
    internal static partial int TensorTopk(IntPtr x, long k, long dim, int largest, int sorted, out IntPtr values, out IntPtr indices);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_std")]
    internal static partial IntPtr TensorStd(IntPtr x, int unbiased);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_std_dims")]
    internal static partial IntPtr TensorStdDims(IntPtr x, long* dims, long ndims, int unbiased, int keepdim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_var")]
    internal static partial IntPtr TensorVar(IntPtr x, int unbiased);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_var_dims")]
    internal static partial IntPtr TensorVarDims(IntPtr x, long* dims, long ndims, int unbiased, int keepdim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_norm")]
    internal static partial IntPtr TensorNorm(IntPtr x, double p);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_norm_dims")]
    internal static partial IntPtr TensorNormDims(IntPtr x, double p, long* dims, long ndims, int keepdim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_count_nonzero")]
    internal static partial IntPtr TensorCountNonzero(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_count_nonzero_dims")]
    internal static partial IntPtr TensorCountNonzeroDims(IntPtr x, long* dims, long ndims);
}
