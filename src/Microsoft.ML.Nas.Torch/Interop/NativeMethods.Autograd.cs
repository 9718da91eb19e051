using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>Entry points of <c>nasml_autograd.cpp</c>: requires-grad, backward, gradients and the thread-local grad mode.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_requires_grad")]
    internal static partial int AutogradRequiresGrad(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_set_requires_grad")]
    internal static partial int AutogradSetRequiresGrad(IntPtr x, int requiresGrad);

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_is_leaf")]
    internal static partial int AutogradIsLeaf(IntPtr x);

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_backward")]
    internal static partial int AutogradBackward(IntPtr x, IntPtr gradient, int retainGraph, int createGraph);

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_grad")]
    internal static partial int AutogradGrad(IntPtr x, out IntPtr grad);

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_zero_grad")]
    internal static partial int AutogradZeroGrad(IntPtr x, int setToNone);

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_is_grad_enabled")]
    internal static partial int AutogradIsGradEnabled();

    [LibraryImport(LibraryName, EntryPoint = "nasml_autograd_set_grad_enabled")]
    internal static partial int AutogradSetGradEnabled(int enabled);
}
