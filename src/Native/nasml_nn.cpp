// Functional neural-network ops (convolution, normalisation, activations, pooling), in-place initialisers and the
// in-place conversion that Module.To uses. Managed side: Interop/NativeMethods.NN.cs (NN/Functional.cs, NN/Init.cs,
// NN/Module.cs). Every op is autograd-capable: it is the libtorch op itself, one call each.
#include <array>

#include "nasml_common.h"

namespace {

// Optional tensor arguments (bias, running statistics, ...) travel as nullable handles.
c10::optional<at::Tensor> optional(nasml_tensor tensor) {
    return tensor == nullptr ? c10::nullopt : c10::optional<at::Tensor>(*tensor);
}

std::array<int64_t, 2> pair(int64_t height, int64_t width) { return {height, width}; }

}  // namespace

// ---- layers ----

NASML_API nasml_tensor nasml_nn_conv2d(nasml_tensor input, nasml_tensor weight, nasml_tensor bias, int64_t stride_h,
                                       int64_t stride_w, int64_t padding_h, int64_t padding_w, int64_t dilation_h,
                                       int64_t dilation_w, int64_t groups) {
    NASML_TENSOR(at::conv2d(*input, *weight, optional(bias), pair(stride_h, stride_w), pair(padding_h, padding_w),
                            pair(dilation_h, dilation_w), groups));
}

NASML_API nasml_tensor nasml_nn_linear(nasml_tensor input, nasml_tensor weight, nasml_tensor bias) {
    NASML_TENSOR(at::linear(*input, *weight, optional(bias)));
}

// Batch normalisation as torch.nn.functional.batch_norm. In training mode the running statistics (when given) are
// updated in place with factor `momentum`; when num_batches_tracked is given it is incremented first, and a negative
// momentum then means PyTorch's momentum=None: a cumulative average with factor 1 / num_batches_tracked.
NASML_API nasml_tensor nasml_nn_batch_norm(nasml_tensor input, nasml_tensor running_mean, nasml_tensor running_var,
                                           nasml_tensor weight, nasml_tensor bias, nasml_tensor num_batches_tracked,
                                           int32_t training, double momentum, double eps) {
    try {
        double factor = momentum < 0 ? 0.0 : momentum;
        if (training != 0) {
            // PyTorch's Python layer checks this; at::batch_norm would silently return zeros/NaN.
            int64_t values_per_channel = input->dim() > 0 ? input->size(0) : 1;
            for (int64_t d = 2; d < input->dim(); ++d) values_per_channel *= input->size(d);
            TORCH_CHECK(values_per_channel > 1, "Expected more than 1 value per channel when training, got input size ",
                        input->sizes());
            if (num_batches_tracked != nullptr) {
                torch::NoGradGuard no_grad;
                num_batches_tracked->add_(1);
                if (momentum < 0) factor = 1.0 / num_batches_tracked->item<double>();
            }
        }
        return nasml::wrap(at::batch_norm(*input, optional(weight), optional(bias), optional(running_mean),
                                          optional(running_var), training != 0, factor, eps,
                                          at::globalContext().userEnabledCuDNN()));
    }
    NASML_CATCH(nullptr)
}

NASML_API nasml_tensor nasml_nn_dropout(nasml_tensor input, double p, int32_t training) {
    NASML_TENSOR(at::dropout(*input, p, training != 0));
}

// ---- activations ----

NASML_API nasml_tensor nasml_nn_relu(nasml_tensor input) { NASML_TENSOR(at::relu(*input)); }

NASML_API nasml_tensor nasml_nn_relu6(nasml_tensor input) { NASML_TENSOR(at::hardtanh(*input, 0.0, 6.0)); }

NASML_API nasml_tensor nasml_nn_leaky_relu(nasml_tensor input, double negative_slope) {
    NASML_TENSOR(at::leaky_relu(*input, negative_slope));
}

NASML_API nasml_tensor nasml_nn_hardswish(nasml_tensor input) { NASML_TENSOR(at::hardswish(*input)); }

NASML_API nasml_tensor nasml_nn_hardsigmoid(nasml_tensor input) { NASML_TENSOR(at::hardsigmoid(*input)); }

NASML_API nasml_tensor nasml_nn_silu(nasml_tensor input) { NASML_TENSOR(at::silu(*input)); }

// approximate: 0 = exact (erf), 1 = tanh approximation.
NASML_API nasml_tensor nasml_nn_gelu(nasml_tensor input, int32_t approximate) {
    NASML_TENSOR(at::gelu(*input, approximate != 0 ? "tanh" : "none"));
}

NASML_API nasml_tensor nasml_nn_sigmoid(nasml_tensor input) { NASML_TENSOR(at::sigmoid(*input)); }

NASML_API nasml_tensor nasml_nn_tanh(nasml_tensor input) { NASML_TENSOR(at::tanh(*input)); }

NASML_API nasml_tensor nasml_nn_softmax(nasml_tensor input, int64_t dim) { NASML_TENSOR(at::softmax(*input, dim)); }

NASML_API nasml_tensor nasml_nn_log_softmax(nasml_tensor input, int64_t dim) {
    NASML_TENSOR(at::log_softmax(*input, dim));
}

// ---- pooling and reshaping ----

NASML_API nasml_tensor nasml_nn_max_pool2d(nasml_tensor input, int64_t kernel_h, int64_t kernel_w, int64_t stride_h,
                                           int64_t stride_w, int64_t padding_h, int64_t padding_w, int64_t dilation_h,
                                           int64_t dilation_w, int32_t ceil_mode) {
    NASML_TENSOR(at::max_pool2d(*input, pair(kernel_h, kernel_w), pair(stride_h, stride_w), pair(padding_h, padding_w),
                                pair(dilation_h, dilation_w), ceil_mode != 0));
}

NASML_API nasml_tensor nasml_nn_avg_pool2d(nasml_tensor input, int64_t kernel_h, int64_t kernel_w, int64_t stride_h,
                                           int64_t stride_w, int64_t padding_h, int64_t padding_w, int32_t ceil_mode,
                                           int32_t count_include_pad) {
    NASML_TENSOR(at::avg_pool2d(*input, pair(kernel_h, kernel_w), pair(stride_h, stride_w), pair(padding_h, padding_w),
                                ceil_mode != 0, count_include_pad != 0));
}

NASML_API nasml_tensor nasml_nn_adaptive_avg_pool2d(nasml_tensor input, int64_t output_h, int64_t output_w) {
    NASML_TENSOR(at::adaptive_avg_pool2d(*input, pair(output_h, output_w)));
}

NASML_API nasml_tensor nasml_nn_flatten(nasml_tensor input, int64_t start_dim, int64_t end_dim) {
    NASML_TENSOR(at::flatten(*input, start_dim, end_dim));
}

// A second handle to the same tensor (same storage, same autograd node): what Identity returns, so a module's output
// is always a tensor the caller owns.
NASML_API nasml_tensor nasml_nn_alias(nasml_tensor input) { NASML_TENSOR(at::Tensor(*input)); }

// ---- in-place initialisation (outside autograd, drawing from libtorch's default generator) ----

NASML_API int32_t nasml_nn_init_uniform_(nasml_tensor tensor, double low, double high) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        tensor->uniform_(low, high);
    });
}

NASML_API int32_t nasml_nn_init_normal_(nasml_tensor tensor, double mean, double std) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        tensor->normal_(mean, std);
    });
}

NASML_API int32_t nasml_nn_init_constant_(nasml_tensor tensor, double value) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        tensor->fill_(value);
    });
}

// ---- module support ----

// Converts a parameter or buffer in place, keeping the handle's identity (PyTorch's `param.data = param.to(...)`), so
// references held elsewhere (an optimizer, a state dict) see the converted tensor. A defined gradient is converted
// too. dtype < 0 keeps the element type; device_type < 0 keeps the device.
NASML_API int32_t nasml_nn_convert_in_place(nasml_tensor tensor, int32_t dtype, int32_t device_type,
                                            int32_t device_index) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        const c10::ScalarType target_dtype =
            dtype < 0 ? tensor->scalar_type() : static_cast<c10::ScalarType>(dtype);
        const c10::Device target_device =
            device_type < 0 ? tensor->device()
                            : c10::Device(static_cast<c10::DeviceType>(device_type),
                                          static_cast<c10::DeviceIndex>(device_index));
        if (tensor->scalar_type() != target_dtype || tensor->device() != target_device) {
            tensor->set_data(tensor->to(target_device, target_dtype));
        }
        at::Tensor& grad = tensor->mutable_grad();
        if (grad.defined() && (grad.scalar_type() != target_dtype || grad.device() != target_device)) {
            grad = grad.to(target_device, target_dtype);
        }
    });
}
