// Optimizers (libtorch's SGD, Adam, AdamW behind an opaque handle) and gradient clipping.
// Managed side: Interop/NativeMethods.Optim.cs.
//
// One native call per optimizer step: the managed Optimizer never loops over parameters. The native object
// holds at::Tensor copies of the parameters (sharing their TensorImpl and storage), so disposing a managed
// parameter handle cannot leave the optimizer with a dangling pointer; libtorch keys its per-parameter state
// by TensorImpl address, which therefore stays valid for the optimizer's lifetime.
#include <atomic>
#include <limits>
#include <memory>

#include "nasml_common.h"

namespace {

enum class optimizer_kind : int32_t { sgd = 0, adam = 1, adamw = 2 };

struct optimizer_holder {
    optimizer_kind kind;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
};

std::atomic<int64_t> live_optimizers{0};

optimizer_holder* holder_of(void* handle) {
    TORCH_CHECK(handle != nullptr, "optimizer handle is null");
    return static_cast<optimizer_holder*>(handle);
}

// Splits the flat handle array into groups of group_sizes[g] parameters each.
std::vector<std::vector<at::Tensor>> split_groups(const nasml_tensor* params, const int64_t* group_sizes,
                                                  int64_t group_count) {
    TORCH_CHECK(group_count > 0, "an optimizer needs at least one parameter group");
    std::vector<std::vector<at::Tensor>> groups;
    groups.reserve(static_cast<size_t>(group_count));
    int64_t offset = 0;
    for (int64_t g = 0; g < group_count; ++g) {
        TORCH_CHECK(group_sizes[g] >= 0, "parameter group ", g, " has a negative size");
        groups.push_back(nasml::tensor_list(params + offset, group_sizes[g]));
        offset += group_sizes[g];
    }
    return groups;
}

torch::optim::OptimizerParamGroup& group_at(optimizer_holder* holder, int64_t group) {
    auto& groups = holder->optimizer->param_groups();
    TORCH_CHECK(group >= 0 && group < static_cast<int64_t>(groups.size()), "parameter group ", group,
                " is out of range: the optimizer has ", groups.size(), " groups");
    return groups[static_cast<size_t>(group)];
}

template <typename Options>
Options& options_of(torch::optim::OptimizerParamGroup& group) {
    return static_cast<Options&>(group.options());
}

void* publish(optimizer_kind kind, std::unique_ptr<torch::optim::Optimizer> optimizer) {
    auto* holder = new optimizer_holder{kind, std::move(optimizer)};
    live_optimizers.fetch_add(1, std::memory_order_relaxed);
    return holder;
}

// Adam and AdamW share their option layout; Options is AdamOptions or AdamWOptions.
template <typename Optimizer, typename Options>
void* create_adam_like(optimizer_kind kind, const nasml_tensor* params, const int64_t* group_sizes,
                       int64_t group_count, const double* lr, const double* beta1, const double* beta2,
                       const double* eps, const double* weight_decay, const int32_t* amsgrad) {
    auto tensors = split_groups(params, group_sizes, group_count);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.reserve(tensors.size());
    Options defaults(lr[0]);
    for (int64_t g = 0; g < group_count; ++g) {
        Options options(lr[g]);
        options.betas(std::make_tuple(beta1[g], beta2[g]))
            .eps(eps[g])
            .weight_decay(weight_decay[g])
            .amsgrad(amsgrad[g] != 0);
        if (g == 0) defaults = options;
        groups.emplace_back(std::move(tensors[static_cast<size_t>(g)]), std::make_unique<Options>(options));
    }
    return publish(kind, std::make_unique<Optimizer>(std::move(groups), defaults));
}

}  // namespace

// ---- creation and lifetime ----

// params holds the handles of all groups back to back; group g has group_sizes[g] of them and options[g].
NASML_API void* nasml_optim_sgd_create(const nasml_tensor* params, const int64_t* group_sizes,
                                       int64_t group_count, const double* lr, const double* momentum,
                                       const double* dampening, const double* weight_decay,
                                       const int32_t* nesterov) {
    try {
        auto tensors = split_groups(params, group_sizes, group_count);
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.reserve(tensors.size());
        torch::optim::SGDOptions defaults(lr[0]);
        for (int64_t g = 0; g < group_count; ++g) {
            torch::optim::SGDOptions options(lr[g]);
            options.momentum(momentum[g])
                .dampening(dampening[g])
                .weight_decay(weight_decay[g])
                .nesterov(nesterov[g] != 0);
            TORCH_CHECK(!options.nesterov() || (options.momentum() > 0 && options.dampening() == 0),
                        "parameter group ", g, ": Nesterov momentum requires a momentum and zero dampening");
            if (g == 0) defaults = options;
            groups.emplace_back(std::move(tensors[static_cast<size_t>(g)]),
                                std::make_unique<torch::optim::SGDOptions>(options));
        }
        return publish(optimizer_kind::sgd, std::make_unique<torch::optim::SGD>(std::move(groups), defaults));
    }
    NASML_CATCH(nullptr)
}

NASML_API void* nasml_optim_adam_create(const nasml_tensor* params, const int64_t* group_sizes,
                                        int64_t group_count, const double* lr, const double* beta1,
                                        const double* beta2, const double* eps, const double* weight_decay,
                                        const int32_t* amsgrad) {
    try {
        return create_adam_like<torch::optim::Adam, torch::optim::AdamOptions>(
            optimizer_kind::adam, params, group_sizes, group_count, lr, beta1, beta2, eps, weight_decay,
            amsgrad);
    }
    NASML_CATCH(nullptr)
}

NASML_API void* nasml_optim_adamw_create(const nasml_tensor* params, const int64_t* group_sizes,
                                         int64_t group_count, const double* lr, const double* beta1,
                                         const double* beta2, const double* eps, const double* weight_decay,
                                         const int32_t* amsgrad) {
    try {
        return create_adam_like<torch::optim::AdamW, torch::optim::AdamWOptions>(
            optimizer_kind::adamw, params, group_sizes, group_count, lr, beta1, beta2, eps, weight_decay,
            amsgrad);
    }
    NASML_CATCH(nullptr)
}

// Releases the optimizer, its state tensors and its references to the parameters.
NASML_API void nasml_optim_dispose(void* optimizer) {
    if (optimizer == nullptr) return;
    delete static_cast<optimizer_holder*>(optimizer);
    live_optimizers.fetch_sub(1, std::memory_order_relaxed);
}

// Number of native optimizers created and not yet disposed.
NASML_API int64_t nasml_optim_live_count() { return live_optimizers.load(std::memory_order_relaxed); }

// ---- stepping ----

// One update of every parameter that has a gradient (parameters without one are skipped, as in PyTorch).
NASML_API int32_t nasml_optim_step(void* optimizer) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        holder_of(optimizer)->optimizer->step();
    });
}

// Clears the gradients: set_to_none != 0 drops them (the next backward allocates fresh ones), otherwise they
// are detached and zeroed in place.
NASML_API int32_t nasml_optim_zero_grad(void* optimizer, int32_t set_to_none) {
    NASML_STATUS({
        for (auto& group : holder_of(optimizer)->optimizer->param_groups()) {
            for (auto& parameter : group.params()) {
                auto& grad = parameter.mutable_grad();
                if (!grad.defined()) continue;
                if (set_to_none != 0) {
                    grad.reset();
                } else {
                    grad = grad.detach();
                    grad.zero_();
                }
            }
        }
    });
}

// ---- per-group options ----

NASML_API int32_t nasml_optim_get_lr(void* optimizer, int64_t group, double* lr) {
    NASML_STATUS(*lr = group_at(holder_of(optimizer), group).options().get_lr());
}

NASML_API int32_t nasml_optim_set_lr(void* optimizer, int64_t group, double lr) {
    NASML_STATUS({
        TORCH_CHECK(lr >= 0, "Invalid learning rate: ", lr);
        group_at(holder_of(optimizer), group).options().set_lr(lr);
    });
}

// The momentum of SGD, or beta1 of Adam/AdamW (what one-cycle schedules cycle).
NASML_API int32_t nasml_optim_get_momentum(void* optimizer, int64_t group, double* momentum) {
    NASML_STATUS({
        auto* holder = holder_of(optimizer);
        auto& param_group = group_at(holder, group);
        switch (holder->kind) {
            case optimizer_kind::sgd:
                *momentum = options_of<torch::optim::SGDOptions>(param_group).momentum();
                break;
            case optimizer_kind::adam:
                *momentum = std::get<0>(options_of<torch::optim::AdamOptions>(param_group).betas());
                break;
            case optimizer_kind::adamw:
                *momentum = std::get<0>(options_of<torch::optim::AdamWOptions>(param_group).betas());
                break;
        }
    });
}

NASML_API int32_t nasml_optim_set_momentum(void* optimizer, int64_t group, double momentum) {
    NASML_STATUS({
        auto* holder = holder_of(optimizer);
        auto& param_group = group_at(holder, group);
        switch (holder->kind) {
            case optimizer_kind::sgd: {
                TORCH_CHECK(momentum >= 0, "Invalid momentum value: ", momentum);
                auto& options = options_of<torch::optim::SGDOptions>(param_group);
                TORCH_CHECK(!options.nesterov() || momentum > 0, "Nesterov momentum requires a momentum");
                options.momentum(momentum);
                break;
            }
            case optimizer_kind::adam: {
                TORCH_CHECK(momentum >= 0 && momentum < 1, "Invalid beta1: ", momentum);
                auto& options = options_of<torch::optim::AdamOptions>(param_group);
                options.betas(std::make_tuple(momentum, std::get<1>(options.betas())));
                break;
            }
            case optimizer_kind::adamw: {
                TORCH_CHECK(momentum >= 0 && momentum < 1, "Invalid beta1: ", momentum);
                auto& options = options_of<torch::optim::AdamWOptions>(param_group);
                options.betas(std::make_tuple(momentum, std::get<1>(options.betas())));
                break;
            }
        }
    });
}

// ---- gradient clipping ----

// torch.nn.utils.clip_grad_norm_ over the gradients of the given tensors (those without a gradient are
// skipped); writes the total norm before clipping. norm_type may be +infinity. error_if_nonfinite != 0
// refuses NaN/inf norms.
NASML_API int32_t nasml_optim_clip_grad_norm(const nasml_tensor* params, int64_t count, double max_norm,
                                             double norm_type, int32_t error_if_nonfinite,
                                             double* total_norm) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        *total_norm = torch::nn::utils::clip_grad_norm_(nasml::tensor_list(params, count), max_norm,
                                                        norm_type, error_if_nonfinite != 0);
    });
}

// torch.nn.utils.clip_grad_value_: clamps every gradient element into [-clip_value, clip_value].
NASML_API int32_t nasml_optim_clip_grad_value(const nasml_tensor* params, int64_t count, double clip_value) {
    NASML_STATUS({
        torch::NoGradGuard no_grad;
        torch::nn::utils::clip_grad_value_(nasml::tensor_list(params, count), clip_value);
    });
}
