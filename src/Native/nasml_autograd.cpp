// Autograd: requires_grad, backward, .grad, leaf status and the thread-local grad mode.
// Managed side: Interop/NativeMethods.Autograd.cs.
#include "nasml_common.h"

NASML_API int32_t nasml_autograd_requires_grad(nasml_tensor x) { return x->requires_grad() ? 1 : 0; }

// Fails for a non-leaf (as PyTorch's Python setter does; C++ alone would silently ignore it) or for a tensor
// whose dtype cannot hold gradients (libtorch's message).
NASML_API int32_t nasml_autograd_set_requires_grad(nasml_tensor x, int32_t requires_grad) {
    NASML_STATUS({
        TORCH_CHECK(x->is_leaf(), "you can only change requires_grad flags of leaf variables.",
                    requires_grad != 0
                        ? ""
                        : " If you want to use a computed variable in a subgraph that doesn't require "
                          "differentiation use var_no_grad = var.detach().");
        x->set_requires_grad(requires_grad != 0);
    });
}

NASML_API int32_t nasml_autograd_is_leaf(nasml_tensor x) { return x->is_leaf() ? 1 : 0; }

// gradient may be null for a one-element x (implicitly ones).
NASML_API int32_t nasml_autograd_backward(nasml_tensor x, nasml_tensor gradient, int32_t retain_graph,
                                          int32_t create_graph) {
    NASML_STATUS({
        const at::Tensor grad = gradient == nullptr ? at::Tensor() : *gradient;
        x->backward(grad, c10::optional<bool>(retain_graph != 0), create_graph != 0);
    });
}

// *grad receives a new handle to x's accumulated gradient, or nullptr when it is undefined.
NASML_API int32_t nasml_autograd_grad(nasml_tensor x, nasml_tensor* grad) {
    NASML_STATUS({
        // A non-leaf has no .grad unless it retains one; asking libtorch anyway only prints a warning to
        // stderr.
        if (!x->is_leaf() && !x->retains_grad()) {
            *grad = nullptr;
        } else {
            const at::Tensor& accumulated = x->grad();
            *grad = accumulated.defined() ? nasml::wrap(accumulated) : nullptr;
        }
    });
}

// Forgets the gradient (set_to_none != 0) or zeroes it in place, as torch.optim.Optimizer.zero_grad does.
NASML_API int32_t nasml_autograd_zero_grad(nasml_tensor x, int32_t set_to_none) {
    NASML_STATUS({
        at::Tensor& accumulated = x->mutable_grad();
        if (accumulated.defined()) {
            if (set_to_none != 0) {
                accumulated.reset();
            } else {
                if (accumulated.grad_fn() != nullptr) {
                    accumulated.detach_();
                } else {
                    accumulated.requires_grad_(false);
                }
                accumulated.zero_();
            }
        }
    });
}

// Grad mode is thread-local in libtorch: these read and set the calling thread's flag.
NASML_API int32_t nasml_autograd_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }

NASML_API int32_t nasml_autograd_set_grad_enabled(int32_t enabled) {
    NASML_STATUS(at::GradMode::set_enabled(enabled != 0));
}
