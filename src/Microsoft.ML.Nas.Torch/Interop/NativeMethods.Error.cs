using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>Entry points of <c>nasml_error.cpp</c>.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_error_get")]
    internal static partial IntPtr ErrorGet();

    [LibraryImport(LibraryName, EntryPoint = "nasml_error_clear")]
    internal static partial void ErrorClear();

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_live_count")]
    internal static partial long TensorLiveCount();

    [LibraryImport(LibraryName, EntryPoint = "nasml_tensor_dispose")]
    internal static partial void TensorDispose(IntPtr tensor);
}
