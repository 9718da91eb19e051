using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>Entry points of <c>nasml_device.cpp</c>: seeds, threads, devices.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_device_manual_seed")]
    internal static partial int DeviceManualSeed(long seed);

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_set_num_threads")]
    internal static partial int DeviceSetNumThreads(int threads);

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_get_num_threads")]
    internal static partial int DeviceGetNumThreads();

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_cuda_is_available")]
    internal static partial int DeviceCudaIsAvailable();

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_cuda_device_count")]
    internal static partial int DeviceCudaDeviceCount();

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_cuda_synchronize")]
    internal static partial int DeviceCudaSynchronize();

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_allocator_tuned")]
    internal static partial int DeviceAllocatorTuned();

    [LibraryImport(LibraryName, EntryPoint = "nasml_device_release_free_memory")]
    internal static partial int DeviceReleaseFreeMemory();
}
