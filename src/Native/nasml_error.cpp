#include <atomic>

#include "nasml_common.h"

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
std::atomic<int64_t> live_tensors{0};
}  // namespace

namespace nasml {

void set_error(const char* message) {
    last_error = message == nullptr ? "unknown native error" : message;
    has_error = true;
}

nasml_tensor wrap(at::Tensor&& tensor) {
    auto* handle = new at::Tensor(std::move(tensor));
    live_tensors.fetch_add(1, std::memory_order_relaxed);
    return handle;
}

std::vector<at::Tensor> tensor_list(const nasml_tensor* handles, int64_t n) {
    std::vector<at::Tensor> list;
    list.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) list.push_back(*handles[i]);
    return list;
}

}  // namespace nasml

// Returns the calling thread's last error message, or nullptr if none; the pointer stays valid until the next
// failing call on this thread or nasml_error_clear.
NASML_API const char* nasml_error_get() { return has_error ? last_error.c_str() : nullptr; }

NASML_API void nasml_error_clear() {
    has_error = false;
    last_error.clear();
}

NASML_API int64_t nasml_tensor_live_count() { return live_tensors.load(std::memory_order_relaxed); }

NASML_API void nasml_tensor_dispose(nasml_tensor tensor) {
    if (tensor == nullptr) return;
    delete tensor;
    live_tensors.fetch_sub(1, std::memory_order_relaxed);
}
