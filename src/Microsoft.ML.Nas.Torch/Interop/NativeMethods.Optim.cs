using System.Runtime.InteropServices;
using Microsoft.ML.Nas.Torch.Optim;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>Entry points of <c>nasml_optim.cpp</c>: optimizers behind an opaque handle, and gradient clipping.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_sgd_create")]
    internal static partial IntPtr OptimSgdCreate(
        IntPtr* parameters, long* groupSizes, long groupCount, double* learningRate, double* momentum, double* dampening,
        double* weightDecay, int* nesterov);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_adam_create")]
    internal static partial IntPtr OptimAdamCreate(
        IntPtr* parameters, long* groupSizes, long groupCount, double* learningRate, double* beta1, double* beta2,
        double* epsilon, double* weightDecay, int* amsgrad);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_adamw_create")]
    internal static partial IntPtr OptimAdamWCreate(
        IntPtr* parameters, long* groupSizes, long groupCount, double* learningRate, double* beta1, double* beta2,
        double* epsilon, double* weightDecay, int* amsgrad);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_dispose")]
    internal static partial void OptimDispose(IntPtr optimizer);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_live_count")]
    internal static partial long OptimLiveCount();

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_step")]
    internal static partial int OptimStep(OptimizerHandle optimizer);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_zero_grad")]
    internal static partial int OptimZeroGrad(OptimizerHandle optimizer, int setToNone);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_get_lr")]
    internal static partial int OptimGetLr(OptimizerHandle optimizer, long group, out double learningRate);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_set_lr")]
    internal static partial int OptimSetLr(OptimizerHandle optimizer, long group, double learningRate);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_get_momentum")]
    internal static partial int OptimGetMomentum(OptimizerHandle optimizer, long group, out double momentum);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_set_momentum")]
    internal static partial int OptimSetMomentum(OptimizerHandle optimizer, long group, double momentum);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_clip_grad_norm")]
    internal static partial int OptimClipGradNorm(
        IntPtr* parameters, long count, double maxNorm, double normType, int errorIfNonfinite, out double totalNorm);

    [LibraryImport(LibraryName, EntryPoint = "nasml_optim_clip_grad_value")]
    internal static partial int OptimClipGradValue(IntPtr* parameters, long count, double clipValue);
}
