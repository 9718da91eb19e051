// Global state: seeds, threads, devices. Managed side: Interop/NativeMethods.Device.cs and Torch.cs.
#include "nasml_common.h"

#include <cstdlib>
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

// Allocator tuning. libtorch's CPU allocator asks malloc for every tensor. With glibc's defaults, blocks of a few
// megabytes (activations, im2col buffers) are mmapped or sit at the top of the heap and are handed back to the kernel
// (munmap / brk trim) when freed, so the next training step takes fresh page faults and the kernel zeroes those pages
// again: on the throughput benchmark that was 10-20% of the process's CPU time, almost all of it system time. Keeping
// blocks up to 32 MB (glibc's largest mmap threshold) on the heap and trimming the heap only past 512 MB lets the
// steady state of a training loop reuse its memory. Resident memory then stays at the loop's peak instead of
// following each step. Applied once when the shim loads; NASML_MALLOC_TUNING=0 in the environment leaves glibc's
// defaults.
namespace {
constexpr int kMmapThreshold = 32 * 1024 * 1024;
constexpr int kTrimThreshold = 512 * 1024 * 1024;

int tune_allocator() {
#if defined(__GLIBC__)
    const char* setting = std::getenv("NASML_MALLOC_TUNING");
    if (setting != nullptr && std::strcmp(setting, "0") == 0) return 0;
    const int mmap_ok = mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    const int trim_ok = mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
    return mmap_ok == 1 && trim_ok == 1 ? 1 : 0;
#else
    return 0;
#endif
}

const int g_allocator_tuned = tune_allocator();
}  // namespace

NASML_API int32_t nasml_device_allocator_tuned() { return g_allocator_tuned; }

// Hands the allocator's free memory back to the kernel (glibc's malloc_trim: the top of every arena and the free pages
// inside it). The allocator tuning above keeps freed blocks for reuse within a training loop; between two trials that
// build different networks the kept blocks no longer fit, so a search calls this at every trial boundary and its
// resident memory follows the live data instead of the largest trial so far. Returns 1 when memory was released.
NASML_API int32_t nasml_device_release_free_memory() {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
