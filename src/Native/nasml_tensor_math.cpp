// Tensor math: element-wise arithmetic, comparison, logical ops, matmul, reductions.
// Managed side: Interop/NativeMethods.TensorMath.cs.
//
// Scalars cross the boundary as (double value, int32 integral): integral != 0 makes an int64 Scalar, so that
// `int_tensor + 2` stays int64 and `float_tensor + 2` stays float, exactly as in PyTorch; integral == 0 makes
// a double Scalar (a float scalar promotes an integer tensor to the default float type).
#include "nasml_common.h"

// Defined in nasml_error.cpp: releases a handle and decrements the live count.
NASML_API void nasml_tensor_dispose(nasml_tensor tensor);

namespace {

at::Scalar scalar(double value, int32_t integral) {
    return integral != 0 ? at::Scalar(static_cast<int64_t>(value)) : at::Scalar(value);
}

// Hands two results back through out-parameters; on failure neither is returned and nothing leaks.
void wrap_pair(const at::Tensor& first, const at::Tensor& second, nasml_tensor* first_out,
               nasml_tensor* second_out) {
    nasml_tensor first_handle = nasml::wrap(first);
    try {
        *second_out = nasml::wrap(second);
    } catch (...) {
        nasml_tensor_dispose(first_handle);
        throw;
    }
    *first_out = first_handle;
}

}  // namespace

// ---- binary arithmetic (tensor, tensor) ----

NASML_API nasml_tensor nasml_tensor_add(nasml_tensor x, nasml_tensor y, double alpha,
                                        int32_t alpha_integral) {
    NASML_TENSOR(at::add(*x, *y, scalar(alpha, alpha_integral)));
}

NASML_API nasml_tensor nasml_tensor_sub(nasml_tensor x, nasml_tensor y, double alpha,
                                        int32_t alpha_integral) {
    NASML_TENSOR(at::sub(*x, *y, scalar(alpha, alpha_integral)));
}

NASML_API nasml_tensor nasml_tensor_mul(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::mul(*x, *y)); }

NASML_API nasml_tensor nasml_tensor_div(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::div(*x, *y)); }

NASML_API nasml_tensor nasml_tensor_pow(nasml_tensor x, nasml_tensor exponent) {
    NASML_TENSOR(at::pow(*x, *exponent));
}

NASML_API nasml_tensor nasml_tensor_maximum(nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::maximum(*x, *y));
}

NASML_API nasml_tensor nasml_tensor_minimum(nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::minimum(*x, *y));
}

NASML_API nasml_tensor nasml_tensor_matmul(nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::matmul(*x, *y));
}

NASML_API nasml_tensor nasml_tensor_where(nasml_tensor condition, nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::where(*condition, *x, *y));
}

// ---- binary arithmetic (tensor, scalar) ----

NASML_API nasml_tensor nasml_tensor_add_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::add(*x, scalar(value, integral)));
}

NASML_API nasml_tensor nasml_tensor_sub_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::sub(*x, scalar(value, integral)));
}

// value - x.
NASML_API nasml_tensor nasml_tensor_rsub_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::rsub(*x, scalar(value, integral)));
}

NASML_API nasml_tensor nasml_tensor_mul_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::mul(*x, scalar(value, integral)));
}

NASML_API nasml_tensor nasml_tensor_div_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::div(*x, scalar(value, integral)));
}

// value / x, computed as PyTorch's Tensor.__rdiv__ does: reciprocal(x) * value.
NASML_API nasml_tensor nasml_tensor_rdiv_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::mul(at::reciprocal(*x), scalar(value, integral)));
}

NASML_API nasml_tensor nasml_tensor_pow_scalar(nasml_tensor x, double exponent, int32_t integral) {
    NASML_TENSOR(at::pow(*x, scalar(exponent, integral)));
}

NASML_API nasml_tensor nasml_tensor_clamp(nasml_tensor x, double min, int32_t has_min, double max,
                                          int32_t has_max, int32_t integral) {
    NASML_TENSOR(at::clamp(*x, has_min != 0 ? c10::optional<at::Scalar>(scalar(min, integral)) : c10::nullopt,
                           has_max != 0 ? c10::optional<at::Scalar>(scalar(max, integral)) : c10::nullopt));
}

// ---- unary ----

NASML_API nasml_tensor nasml_tensor_neg(nasml_tensor x) { NASML_TENSOR(at::neg(*x)); }
NASML_API nasml_tensor nasml_tensor_exp(nasml_tensor x) { NASML_TENSOR(at::exp(*x)); }
NASML_API nasml_tensor nasml_tensor_log(nasml_tensor x) { NASML_TENSOR(at::log(*x)); }
NASML_API nasml_tensor nasml_tensor_log1p(nasml_tensor x) { NASML_TENSOR(at::log1p(*x)); }
NASML_API nasml_tensor nasml_tensor_sqrt(nasml_tensor x) { NASML_TENSOR(at::sqrt(*x)); }
NASML_API nasml_tensor nasml_tensor_rsqrt(nasml_tensor x) { NASML_TENSOR(at::rsqrt(*x)); }
NASML_API nasml_tensor nasml_tensor_abs(nasml_tensor x) { NASML_TENSOR(at::abs(*x)); }
NASML_API nasml_tensor nasml_tensor_sign(nasml_tensor x) { NASML_TENSOR(at::sign(*x)); }
NASML_API nasml_tensor nasml_tensor_square(nasml_tensor x) { NASML_TENSOR(at::square(*x)); }
NASML_API nasml_tensor nasml_tensor_reciprocal(nasml_tensor x) { NASML_TENSOR(at::reciprocal(*x)); }
NASML_API nasml_tensor nasml_tensor_sigmoid(nasml_tensor x) { NASML_TENSOR(at::sigmoid(*x)); }
NASML_API nasml_tensor nasml_tensor_tanh(nasml_tensor x) { NASML_TENSOR(at::tanh(*x)); }
NASML_API nasml_tensor nasml_tensor_floor(nasml_tensor x) { NASML_TENSOR(at::floor(*x)); }
NASML_API nasml_tensor nasml_tensor_ceil(nasml_tensor x) { NASML_TENSOR(at::ceil(*x)); }
NASML_API nasml_tensor nasml_tensor_round(nasml_tensor x) { NASML_TENSOR(at::round(*x)); }

// ---- in place (the handle keeps pointing at the same, modified tensor) ----

NASML_API int32_t nasml_tensor_add_(nasml_tensor x, nasml_tensor y, double alpha, int32_t alpha_integral) {
    NASML_STATUS(x->add_(*y, scalar(alpha, alpha_integral)));
}

NASML_API int32_t nasml_tensor_add_scalar_(nasml_tensor x, double value, int32_t integral) {
    NASML_STATUS(x->add_(scalar(value, integral)));
}

NASML_API int32_t nasml_tensor_sub_(nasml_tensor x, nasml_tensor y, double alpha, int32_t alpha_integral) {
    NASML_STATUS(x->sub_(*y, scalar(alpha, alpha_integral)));
}

NASML_API int32_t nasml_tensor_mul_(nasml_tensor x, nasml_tensor y) { NASML_STATUS(x->mul_(*y)); }

NASML_API int32_t nasml_tensor_mul_scalar_(nasml_tensor x, double value, int32_t integral) {
    NASML_STATUS(x->mul_(scalar(value, integral)));
}

NASML_API int32_t nasml_tensor_div_(nasml_tensor x, nasml_tensor y) { NASML_STATUS(x->div_(*y)); }

NASML_API int32_t nasml_tensor_div_scalar_(nasml_tensor x, double value, int32_t integral) {
    NASML_STATUS(x->div_(scalar(value, integral)));
}

NASML_API int32_t nasml_tensor_zero_(nasml_tensor x) { NASML_STATUS(x->zero_()); }

NASML_API int32_t nasml_tensor_fill_(nasml_tensor x, double value, int32_t integral) {
    NASML_STATUS(x->fill_(scalar(value, integral)));
}

// ---- comparison and logic (results are bool tensors) ----

NASML_API nasml_tensor nasml_tensor_eq(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::eq(*x, *y)); }
NASML_API nasml_tensor nasml_tensor_ne(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::ne(*x, *y)); }
NASML_API nasml_tensor nasml_tensor_lt(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::lt(*x, *y)); }
NASML_API nasml_tensor nasml_tensor_le(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::le(*x, *y)); }
NASML_API nasml_tensor nasml_tensor_gt(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::gt(*x, *y)); }
NASML_API nasml_tensor nasml_tensor_ge(nasml_tensor x, nasml_tensor y) { NASML_TENSOR(at::ge(*x, *y)); }

NASML_API nasml_tensor nasml_tensor_eq_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::eq(*x, scalar(value, integral)));
}
NASML_API nasml_tensor nasml_tensor_ne_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::ne(*x, scalar(value, integral)));
}
NASML_API nasml_tensor nasml_tensor_lt_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::lt(*x, scalar(value, integral)));
}
NASML_API nasml_tensor nasml_tensor_le_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::le(*x, scalar(value, integral)));
}
NASML_API nasml_tensor nasml_tensor_gt_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::gt(*x, scalar(value, integral)));
}
NASML_API nasml_tensor nasml_tensor_ge_scalar(nasml_tensor x, double value, int32_t integral) {
    NASML_TENSOR(at::ge(*x, scalar(value, integral)));
}

NASML_API nasml_tensor nasml_tensor_logical_and(nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::logical_and(*x, *y));
}
NASML_API nasml_tensor nasml_tensor_logical_or(nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::logical_or(*x, *y));
}
NASML_API nasml_tensor nasml_tensor_logical_xor(nasml_tensor x, nasml_tensor y) {
    NASML_TENSOR(at::logical_xor(*x, *y));
}
NASML_API nasml_tensor nasml_tensor_logical_not(nasml_tensor x) { NASML_TENSOR(at::logical_not(*x)); }

NASML_API int32_t nasml_tensor_allclose(nasml_tensor x, nasml_tensor y, double rtol, double atol,
                                        int32_t equal_nan, int32_t* result) {
    NASML_STATUS(*result = at::allclose(*x, *y, rtol, atol, equal_nan != 0) ? 1 : 0);
}

NASML_API int32_t nasml_tensor_equal(nasml_tensor x, nasml_tensor y, int32_t* result) {
    NASML_STATUS(*result = at::equal(*x, *y) ? 1 : 0);
}

// ---- reductions ----
// dtype < 0 means "no dtype argument" (sum of an integer or bool tensor is int64, as in PyTorch).

NASML_API nasml_tensor nasml_tensor_sum(nasml_tensor x, int32_t dtype) {
    NASML_TENSOR(dtype < 0 ? at::sum(*x) : at::sum(*x, static_cast<c10::ScalarType>(dtype)));
}

NASML_API nasml_tensor nasml_tensor_sum_dims(nasml_tensor x, const int64_t* dims, int64_t ndims,
                                             int32_t keepdim, int32_t dtype) {
    NASML_TENSOR(at::sum(*x, nasml::dims(dims, ndims), keepdim != 0,
                         dtype < 0 ? c10::optional<c10::ScalarType>() : static_cast<c10::ScalarType>(dtype)));
}

NASML_API nasml_tensor nasml_tensor_mean(nasml_tensor x) { NASML_TENSOR(at::mean(*x)); }

NASML_API nasml_tensor nasml_tensor_mean_dims(nasml_tensor x, const int64_t* dims, int64_t ndims,
                                              int32_t keepdim) {
    NASML_TENSOR(at::mean(*x, nasml::dims(dims, ndims), keepdim != 0));
}

NASML_API nasml_tensor nasml_tensor_max(nasml_tensor x) { NASML_TENSOR(at::max(*x)); }

NASML_API nasml_tensor nasml_tensor_min(nasml_tensor x) { NASML_TENSOR(at::min(*x)); }

NASML_API int32_t nasml_tensor_max_dim(nasml_tensor x, int64_t dim, int32_t keepdim, nasml_tensor* values,
                                       nasml_tensor* indices) {
    NASML_STATUS({
        auto result = at::max(*x, dim, keepdim != 0);
        wrap_pair(std::get<0>(result), std::get<1>(result), values, indices);
    });
}

NASML_API int32_t nasml_tensor_min_dim(nasml_tensor x, int64_t dim, int32_t keepdim, nasml_tensor* values,
                                       nasml_tensor* indices) {
    NASML_STATUS({
        auto result = at::min(*x, dim, keepdim != 0);
        wrap_pair(std::get<0>(result), std::get<1>(result), values, indices);
    });
}

// has_dim == 0: index into the flattened tensor.
NASML_API nasml_tensor nasml_tensor_argmax(nasml_tensor x, int64_t dim, int32_t has_dim, int32_t keepdim) {
    NASML_TENSOR(at::argmax(*x, has_dim != 0 ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0));
}

NASML_API nasml_tensor nasml_tensor_argmin(nasml_tensor x, int64_t dim, int32_t has_dim, int32_t keepdim) {
    NASML_TENSOR(at::argmin(*x, has_dim != 0 ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0));
}

NASML_API int32_t nasml_tensor_topk(nasml_tensor x, int64_t k, int64_t dim, int32_t largest, int32_t sorted,
                                    nasml_tensor* values, nasml_tensor* indices) {
    NASML_STATUS({
        auto result = at::topk(*x, k, dim, largest != 0, sorted != 0);
        wrap_pair(std::get<0>(result), std::get<1>(result), values, indices);
    });
}

NASML_API nasml_tensor nasml_tensor_std(nasml_tensor x, int32_t unbiased) {
    NASML_TENSOR(at::std(*x, unbiased != 0));
}

NASML_API nasml_tensor nasml_tensor_std_dims(nasml_tensor x, const int64_t* dims, int64_t ndims,
                                             int32_t unbiased, int32_t keepdim) {
    NASML_TENSOR(at::std(*x, nasml::dims(dims, ndims), unbiased != 0, keepdim != 0));
}

NASML_API nasml_tensor nasml_tensor_var(nasml_tensor x, int32_t unbiased) {
    NASML_TENSOR(at::var(*x, unbiased != 0));
}

NASML_API nasml_tensor nasml_tensor_var_dims(nasml_tensor x, const int64_t* dims, int64_t ndims,
                                             int32_t unbiased, int32_t keepdim) {
    NASML_TENSOR(at::var(*x, nasml::dims(dims, ndims), unbiased != 0, keepdim != 0));
}

NASML_API nasml_tensor nasml_tensor_norm(nasml_tensor x, double p) { NASML_TENSOR(at::norm(*x, p)); }

NASML_API nasml_tensor nasml_tensor_norm_dims(nasml_tensor x, double p, const int64_t* dims, int64_t ndims,
                                              int32_t keepdim) {
    NASML_TENSOR(at::norm(*x, p, nasml::dims(dims, ndims), keepdim != 0));
}

NASML_API nasml_tensor nasml_tensor_count_nonzero(nasml_tensor x) { NASML_TENSOR(at::count_nonzero(*x)); }

NASML_API nasml_tensor nasml_tensor_count_nonzero_dims(nasml_tensor x, const int64_t* dims, int64_t ndims) {
    NASML_TENSOR(at::count_nonzero(*x, nasml::dims(dims, ndims)));
}
