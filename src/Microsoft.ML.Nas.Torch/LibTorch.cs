using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Process-wide libtorch settings: random seed, intra-op threads and CUDA availability.</summary>
public static class LibTorch
{
    /// <summary>Seeds libtorch's generators (CPU and CUDA): the same seed gives the same numbers on the CPU.</summary>
    /// <param name="seed">The seed.</param>
    public static void ManualSeed(long seed) => NativeMethods.Check(NativeMethods.DeviceManualSeed(seed));

    /// <summary>Gets or sets the number of intra-op threads libtorch uses.</summary>
    /// <remarks>Set it here: <c>OMP_NUM_THREADS</c> set from .NET after start-up does not reach libgomp.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int NumberOfThreads
    {
        get => NativeMethods.DeviceGetNumThreads();
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            NativeMethods.Check(NativeMethods.DeviceSetNumThreads(value));
        }
    }

    /// <summary>
    /// Gets a value indicating whether the shim tuned glibc's allocator when it loaded, so that a training loop reuses
    /// its freed tensor memory instead of returning it to the kernel and faulting it in again every step.
    /// </summary>
    /// <remarks>
    /// On by default on Linux: blocks up to 32 MB stay on the heap, which is trimmed past 512 MB. Resident memory then
    /// stays at the loop's peak. Set <c>NASML_MALLOC_TUNING=0</c> in the environment before start-up to keep glibc's
    /// defaults. <see langword="false"/> on other C libraries and when turned off.
    /// </remarks>
    public static bool IsAllocatorTuned => NativeMethods.DeviceAllocatorTuned() != 0;

    /// <summary>
    /// Returns the C allocator's free memory to the operating system (glibc's <c>malloc_trim</c>), so that resident memory
    /// falls back to what live tensors use. Call it between units of work that allocate differently, such as two trials of
    /// a search; the search engine does after every trial.
    /// </summary>
    /// <returns><see langword="true"/> when memory was released; <see langword="false"/> when there was none to release or the C library cannot.</returns>
    /// <remarks>
    /// Within a training loop the tuned allocator (<see cref="IsAllocatorTuned"/>) keeps freed blocks, because the next
    /// step reuses them. A new network needs blocks of other sizes, so without a release the kept blocks pile up to the
    /// largest network seen so far. The call takes milliseconds; the next allocations fault their pages in again.
    /// </remarks>
    public static bool ReleaseFreeMemory() => NativeMethods.DeviceReleaseFreeMemory() != 0;

    /// <summary>Turns gradient recording off on this thread until the returned scope is disposed.</summary>
    /// <returns>A <see cref="NoGradScope"/>; dispose it to restore the previous mode.</returns>
    public static NoGradScope NoGrad() => new();

    /// <summary>Turns dropout off on the calling thread until the returned scope is disposed (see <see cref="NoDropoutScope"/>).</summary>
    /// <returns>The scope.</returns>
    public static NoDropoutScope NoDropout() => new();

    /// <summary>Gets a value indicating whether gradient recording is on for this thread.</summary>
    public static bool IsGradEnabled => NoGradScope.IsGradEnabled;

    /// <summary>Gets a value indicating whether the loaded libtorch has CUDA and a GPU is visible.</summary>
    public static bool IsCudaAvailable => NativeMethods.DeviceCudaIsAvailable() != 0;

    /// <summary>Gets the number of visible CUDA devices (0 without CUDA).</summary>
    public static int CudaDeviceCount => NativeMethods.DeviceCudaDeviceCount();

    /// <summary>Waits for all queued CUDA work to finish (no-op without CUDA); used when timing GPU code.</summary>
    public static void CudaSynchronize() => NativeMethods.Check(NativeMethods.DeviceCudaSynchronize());
}
