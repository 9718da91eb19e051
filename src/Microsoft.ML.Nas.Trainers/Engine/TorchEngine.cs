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
/// the earlier engine: 18–25% of an epoch in page faults; 1.3–1.4× faster with the setting). Set
/// <c>NASML_MALLOC_TUNING=0</c> in the environment before start-up to keep glibc's defaults.
/// </para>
/// <para>
/// oneDNN guard: on AMD processors with AVX-512 (seen here on an AMD EPYC of the Zen 5 class), libtorch 2.10's oneDNN
/// float32 convolutions with its AVX-512 kernels return wrong values, sometimes NaN, for common shapes (24 → 24 channels,
/// 3×3, batch 17: errors up to 2 on outputs of magnitude 5, where float64 and PyTorch agree to 1e-6). Limiting oneDNN to
/// AVX2 kernels gives correct results. So when NasML loads on such a processor it sets <c>ONEDNN_MAX_CPU_ISA=AVX2</c> in
/// the native environment, before libtorch creates its first convolution, unless the user set
/// <c>ONEDNN_MAX_CPU_ISA</c> or <c>DNNL_MAX_CPU_ISA</c> already or set <c>NASML_ONEDNN_ISA_GUARD=0</c>.
/// <see cref="OneDnnIsaLimit"/> says what was applied. It must run before any convolution of the process, so code that
/// uses TorchSharp before touching NasML should reference <see cref="TorchEngine"/> first.
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
    private const int MmapThresholdBytes = 32 * 1024 * 1024;
    private const int TrimThresholdBytes = 512 * 1024 * 1024;

    private static readonly bool s_allocatorTuned = TuneAllocator();
    private static readonly string? s_oneDnnIsaLimit = LimitOneDnnIsa();

    /// <summary>
    /// Gets a value indicating whether glibc's allocator was tuned when NasML loaded, so that a training loop reuses its
    /// freed tensor memory instead of returning it to the kernel every step.
    /// </summary>
    /// <value><see langword="false"/> off glibc Linux and when <c>NASML_MALLOC_TUNING=0</c>.</value>
    public static bool IsAllocatorTuned => s_allocatorTuned;

    /// <summary>Gets the instruction-set limit NasML gave oneDNN when it loaded (<c>"AVX2"</c>), or <see langword="null"/> when it set none.</summary>
    /// <value>Set only on AMD processors with AVX-512 when the user set no limit (see the remarks of <see cref="TorchEngine"/>).</value>
    public static string? OneDnnIsaLimit => s_oneDnnIsaLimit;

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
    internal static void Initialize() => _ = (s_allocatorTuned, s_oneDnnIsaLimit);

    private static string? LimitOneDnnIsa()
    {
        const string Limit = "AVX2";
        if (Environment.GetEnvironmentVariable("NASML_ONEDNN_ISA_GUARD") == "0"
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA"))
            || !Avx512F.IsSupported
            || !IsAmdProcessor())
        {
            return null;
        }

        // .NET keeps its own copy of the environment on Unix: only libc's setenv reaches oneDNN's getenv.
        if (OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", Limit);
        }
        else
        {
            try
            {
                if (SetEnvironment("ONEDNN_MAX_CPU_ISA", Limit, 1) != 0)
                {
                    return null;
                }
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }
        }

        return Limit;
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
            return Mallopt(MallocMmapThreshold, MmapThresholdBytes) == 1 && Mallopt(MallocTrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnvironment(byte[] name, byte[] value, int overwrite);

    private static int SetEnvironment(string name, string value, int overwrite) =>
        SetEnvironment(System.Text.Encoding.UTF8.GetBytes(name + "\0"), System.Text.Encoding.UTF8.GetBytes(value + "\0"), overwrite);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
