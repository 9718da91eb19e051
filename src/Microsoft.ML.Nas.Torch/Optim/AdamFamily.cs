using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Validation and native creation shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamFamily
{
    /// <summary>Validates the Adam options and returns the native create function of <paramref name="decoupled"/> Adam(W).</summary>
    public static Func<NativeGroups, IntPtr> Factory(double beta1, double beta2, double epsilon, bool amsgrad, bool decoupled)
    {
        OptimizerValidation.InUnitInterval(beta1, nameof(beta1));
        OptimizerValidation.InUnitInterval(beta2, nameof(beta2));
        OptimizerValidation.FiniteNotNegative(epsilon, nameof(epsilon));
        return groups => Create(groups, beta1, beta2, epsilon, amsgrad, decoupled);
    }

    private static unsafe IntPtr Create(
        NativeGroups groups, double beta1, double beta2, double epsilon, bool amsgrad, bool decoupled)
    {
        var beta1s = groups.PerGroup(beta1);
        var beta2s = groups.PerGroup(beta2);
        var epsilons = groups.PerGroup(epsilon);
        var amsgrads = groups.PerGroup(amsgrad ? 1 : 0);
        fixed (IntPtr* handles = groups.Handles)
        fixed (long* sizes = groups.Sizes)
        fixed (double* learningRates = groups.LearningRates)
        fixed (double* beta1Pointer = beta1s)
        fixed (double* beta2Pointer = beta2s)
        fixed (double* epsilonPointer = epsilons)
        fixed (double* weightDecays = groups.WeightDecays)
        fixed (int* amsgradPointer = amsgrads)
        {
            return decoupled
                ? NativeMethods.OptimAdamWCreate(
                    handles, sizes, groups.Count, learningRates, beta1Pointer, beta2Pointer, epsilonPointer, weightDecays, amsgradPointer)
                : NativeMethods.OptimAdamCreate(
                    handles, sizes, groups.Count, learningRates, beta1Pointer, beta2Pointer, epsilonPointer, weightDecays, amsgradPointer);
        }
    }
}
