using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Engine;

/// <summary>
/// Process-wide settings of the TorchSharp engine that NasML adds beside TorchSharp: glibc's allocator tuning, releasing
/// free memory between trials, and intra-op threads.
/// </summary>
/// <remarks>
/// <para>
/// Allocator tuning: on glibc Linux, when this assembly loads, blocks up to 32 MB stay on the heap
/// (<c>M_MMAP_THRESHOLD</c>) and the heap is trimmed only past 512 MB (<c>M_TRIM_THRESHOLD</c>). Without it glibc hands a
/// training step's few-MB activation buffers back to the kernel and the next step faults them in again (measured under
/// the earlier engine: 18–25% of an epoch in page faults; 1.3–1.4× faster with the setting). It also caps glibc's arenas
/// at one per core (<c>M_ARENA_MAX</c>; glibc's default is eight per core), so that trials run on different thread-pool
/// threads do not each keep an arena of freed blocks (a 200-trial search stepped up 17% in resident memory without the
/// cap, and stayed flat with two arenas). Set
/// <c>NASML_MALLOC_TUNING=0</c> in the environment before start-up to keep glibc's defaults.
/// </para>
/// <para>
/// oneDNN guard: on AMD processors with AVX-512 (seen here on an AMD EPYC of the Zen 5 class), libtorch 2.10's oneDNN
/// float32 convolutions return wrong values, sometimes NaN, for common shapes: with its AVX-512 kernels for 20, 24 or
/// 40 channels (24 → 24, 3×3, batch 17: errors up to 2 on outputs of magnitude 5), with its AVX2 kernels for 10, 12 or
/// 20 channels, in the forward and the backward pass, where float64, the SSE4.1 kernels and PyTorch 1.13 agree to 1e-6.
/// So when NasML loads on such a processor it turns libtorch's oneDNN (mkldnn) kernels off
/// (<c>at::globalContext().setUserEnabledMkldnn(false)</c>, PyTorch's <c>torch.backends.mkldnn.enabled = False</c>,
/// which TorchSharp does not expose), and convolutions run on ATen's own kernels: correct, and faster here than
/// oneDNN limited to SSE4.1. On the same processors it also turns NNPACK off, which reports "Unsupported hardware"
/// there and would print that warning for every convolution ATen offers it. <see cref="IsOneDnnDisabled"/> says whether
/// it did; <c>NASML_ONEDNN_GUARD=0</c> keeps both on. Linux x64 only (the C++ entry points are looked up by their
/// Itanium-ABI names).
/// </para>
/// <para>
/// Threads: set them here or with <c>torch.set_num_threads</c>; <c>OMP_NUM_THREADS</c> set from .NET after start-up does
/// not reach the OpenMP runtime.
/// </para>
/// </remarks>
public static class TorchEngine
{
    private const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MallocMmapThreshold = -3; // M_MMAP_THRESHOLD
    private const int MallocArenaMax = -8; // M_ARENA_MAX
    private const int MmapThresholdBytes = 32 * 1024 * 1024;
    private const int TrimThresholdBytes = 512 * 1024 * 1024;

    private static readonly bool s_allocatorTuned = TuneAllocator();
    private static readonly bool s_oneDnnDisabled = DisableOneDnnWhereWrong();

    /// <summary>
    /// Gets a value indicating whether glibc's allocator was tuned when NasML loaded, so that a training loop reuses its
    /// freed tensor memory instead of returning it to the kernel every step.
    /// </summary>
    /// <value><see langword="false"/> off glibc Linux and when <c>NASML_MALLOC_TUNING=0</c>.</value>
    public static bool IsAllocatorTuned => s_allocatorTuned;

    /// <summary>Gets a value indicating whether NasML turned libtorch's oneDNN kernels off when it loaded.</summary>
    /// <value>
    /// <see langword="true"/> on Linux x64 with an AMD processor with AVX-512, unless <c>NASML_ONEDNN_GUARD=0</c> (see the
    /// remarks of <see cref="TorchEngine"/>).
    /// </value>
    public static bool IsOneDnnDisabled => s_oneDnnDisabled;

    /// <summary>Gets or sets the number of intra-op threads libtorch uses (<c>torch.get_num_threads</c>/<c>set_num_threads</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int NumberOfThreads
    {
        get => torch.get_num_threads();
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            torch.set_num_threads(value);
        }
    }

    /// <summary>
    /// Returns the C allocator's free memory to the operating system (glibc's <c>malloc_trim</c>), so that resident memory
    /// falls back to what live tensors use. The search calls it after every trial.
    /// </summary>
    /// <returns><see langword="true"/> when memory was released; <see langword="false"/> when there was none or the C library cannot.</returns>
    /// <remarks>
    /// Within a training loop the tuned allocator keeps freed blocks because the next step reuses them. A new network
    /// needs blocks of other sizes, so without a release the kept blocks pile up to the largest network seen so far.
    /// </remarks>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no malloc_trim)
        }
    }

    /// <summary>Applies the allocator tuning as soon as the assembly loads, before libtorch allocates.</summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Allocator thresholds must be set before the first tensor allocation.")]
    internal static void Initialize() => _ = (s_allocatorTuned, s_oneDnnDisabled);

    private static bool DisableOneDnnWhereWrong()
    {
        if (Environment.GetEnvironmentVariable("NASML_ONEDNN_GUARD") == "0"
            || !OperatingSystem.IsLinux()
            || RuntimeInformation.ProcessArchitecture != Architecture.X64
            || !Avx512F.IsSupported
            || !IsAmdProcessor())
        {
            return false;
        }

        try
        {
            // Loads TorchSharp's natives (libtorch_cpu among them) the way TorchSharp does, then flips ATen's switch.
            _ = torch.get_num_threads();
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, 0);
            SetUserEnabledNnpack(context, 0);
            return UserEnabledMkldnn(context) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or NotSupportedException)
        {
            // TorchSharp cannot load here: its own error surfaces at first use, with TorchSharp's message.
            return false;
        }
    }

    private static bool IsAmdProcessor()
    {
        if (!X86Base.IsSupported)
        {
            return false;
        }

        // CPUID leaf 0: the vendor string in EBX, EDX, ECX ("AuthenticAMD").
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> vendor = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(vendor)) == "AuthenticAMD";
    }

    private static bool TuneAllocator()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("NASML_MALLOC_TUNING") == "0")
        {
            return false;
        }

        try
        {
            // One arena per core at most (glibc's default is eight per core): trials run on whichever thread-pool thread is
            // free, each thread's arena keeps the blocks of the networks it built, and with many arenas resident memory
            // stepped up by 17% over a 200-trial search; with two arenas on this 2-core machine it stayed flat.
            return Mallopt(MallocMmapThreshold, MmapThresholdBytes) == 1
                && Mallopt(MallocTrimThreshold, TrimThresholdBytes) == 1
                && Mallopt(MallocArenaMax, Math.Max(2, Environment.ProcessorCount)) == 1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern void SetUserEnabledMkldnn(IntPtr context, byte enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern void SetUserEnabledNnpack(IntPtr context, byte enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern byte UserEnabledMkldnn(IntPtr context);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
