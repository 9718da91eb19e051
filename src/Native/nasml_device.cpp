// Global state: seeds, threads, devices. Managed side: Interop/NativeMethods.Device.cs and Torch.cs.
#include "nasml_common.h"

NASML_API int32_t nasml_device_manual_seed(int64_t seed) { NASML_STATUS(torch::manual_seed(static_cast<uint64_t>(seed))); }

NASML_API int32_t nasml_device_set_num_threads(int32_t threads) { NASML_STATUS(at::set_num_threads(threads)); }

NASML_API int32_t nasml_device_get_num_threads() { return at::get_num_threads(); }

NASML_API int32_t nasml_device_cuda_is_available() { return torch::cuda::is_available() ? 1 : 0; }

NASML_API int32_t nasml_device_cuda_device_count() { return static_cast<int32_t>(torch::cuda::device_count()); }

NASML_API int32_t nasml_device_cuda_synchronize() {
    NASML_STATUS({
        if (torch::cuda::is_available()) torch::cuda::synchronize();
    });
}
