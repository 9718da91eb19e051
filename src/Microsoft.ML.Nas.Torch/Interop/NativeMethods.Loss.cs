using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>
/// Entry points of <c>nasml_loss.cpp</c>. Reduction codes: 0 none, 1 mean, 2 sum, 3 batch mean (the values of
/// <c>NN.Reduction</c>). Optional tensor arguments are <see cref="IntPtr.Zero"/> when absent.
/// </summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_loss_cross_entropy")]
    internal static partial IntPtr LossCrossEntropy(
        IntPtr logits, IntPtr targets, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);

    [LibraryImport(LibraryName, EntryPoint = "nasml_loss_binary_cross_entropy_with_logits")]
    internal static partial IntPtr LossBinaryCrossEntropyWithLogits(
        IntPtr logits, IntPtr targets, IntPtr weight, IntPtr positiveWeight, int reduction);

    [LibraryImport(LibraryName, EntryPoint = "nasml_loss_mse")]
    internal static partial IntPtr LossMse(IntPtr input, IntPtr target, int reduction);

    [LibraryImport(LibraryName, EntryPoint = "nasml_loss_l1")]
    internal static partial IntPtr LossL1(IntPtr input, IntPtr target, int reduction);

    [LibraryImport(LibraryName, EntryPoint = "nasml_loss_huber")]
    internal static partial IntPtr LossHuber(IntPtr input, IntPtr target, int reduction, double delta);

    [LibraryImport(LibraryName, EntryPoint = "nasml_loss_kl_div")]
    internal static partial IntPtr LossKLDiv(IntPtr input, IntPtr target, int reduction, int logTarget);
}
