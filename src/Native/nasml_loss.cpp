// Loss functions, one libtorch call each. Managed side: Interop/NativeMethods.Loss.cs (NN/Losses.cs).
//
// Reduction codes are libtorch's (0 none, 1 mean, 2 sum) plus 3 = batch mean: the sum divided by the size of the
// first dimension, as torch.nn.functional.kl_div(reduction="batchmean").
#include "nasml_common.h"

namespace {

constexpr int32_t kBatchMean = 3;

c10::optional<at::Tensor> optional(nasml_tensor tensor) {
    return tensor == nullptr ? c10::nullopt : c10::optional<at::Tensor>(*tensor);
}

// Calls loss(reduction) with libtorch's reduction, or with Sum and divides by the batch size for kBatchMean.
template <typename Loss>
at::Tensor reduce(int32_t reduction, const at::Tensor& input, Loss loss) {
    if (reduction == kBatchMean) {
        at::Tensor sum = loss(at::Reduction::Sum);
        return input.dim() == 0 ? sum : sum / input.size(0);
    }
    TORCH_CHECK(reduction >= 0 && reduction <= 2, "unknown reduction code ", reduction);
    return loss(static_cast<int64_t>(reduction));
}

}  // namespace

// targets: int64 class indices of shape [N] (or [N, d1, ...]) or float class probabilities of the logits' shape.
NASML_API nasml_tensor nasml_loss_cross_entropy(nasml_tensor logits, nasml_tensor targets, nasml_tensor weight,
                                                int32_t reduction, int64_t ignore_index, double label_smoothing) {
    NASML_TENSOR(reduce(reduction, *logits, [&](int64_t r) {
        return at::cross_entropy_loss(*logits, *targets, optional(weight), r, ignore_index, label_smoothing);
    }));
}

NASML_API nasml_tensor nasml_loss_binary_cross_entropy_with_logits(nasml_tensor logits, nasml_tensor targets,
                                                                   nasml_tensor weight, nasml_tensor pos_weight,
                                                                   int32_t reduction) {
    NASML_TENSOR(reduce(reduction, *logits, [&](int64_t r) {
        return at::binary_cross_entropy_with_logits(*logits, *targets, optional(weight), optional(pos_weight), r);
    }));
}

NASML_API nasml_tensor nasml_loss_mse(nasml_tensor input, nasml_tensor target, int32_t reduction) {
    NASML_TENSOR(reduce(reduction, *input, [&](int64_t r) { return at::mse_loss(*input, *target, r); }));
}

NASML_API nasml_tensor nasml_loss_l1(nasml_tensor input, nasml_tensor target, int32_t reduction) {
    NASML_TENSOR(reduce(reduction, *input, [&](int64_t r) { return at::l1_loss(*input, *target, r); }));
}

NASML_API nasml_tensor nasml_loss_huber(nasml_tensor input, nasml_tensor target, int32_t reduction, double delta) {
    NASML_TENSOR(reduce(reduction, *input, [&](int64_t r) { return at::huber_loss(*input, *target, r, delta); }));
}

// input: log-probabilities; target: probabilities, or log-probabilities when log_target != 0.
NASML_API nasml_tensor nasml_loss_kl_div(nasml_tensor input, nasml_tensor target, int32_t reduction,
                                         int32_t log_target) {
    NASML_TENSOR(
        reduce(reduction, *input, [&](int64_t r) { return at::kl_div(*input, *target, r, log_target != 0); }));
}
