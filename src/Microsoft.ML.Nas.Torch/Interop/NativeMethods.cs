using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>
/// P/Invoke declarations of the native shim (src/Native). One partial file per native source file:
/// <c>nasml_tensor.cpp</c> ↔ <c>NativeMethods.Tensor.cs</c>, and entry point <c>nasml_tensor_add</c> ↔ <c>TensorAdd</c>.
/// </summary>
/// <remarks>
/// Error convention: a native function returning a handle returns <see cref="IntPtr.Zero"/> on failure, one returning a
/// status returns -1; the message is kept per thread and read by <see cref="Check(IntPtr)"/> / <see cref="Check(int)"/>,
/// which throw <see cref="TorchException"/>. Every call site goes through one of them.
/// </remarks>
internal static partial class NativeMethods
{
    /// <summary>The shim's library name; resolved by <see cref="NativeLibraryResolver"/>.</summary>
    internal const string LibraryName = "nasml_native";

#pragma warning disable CA1810 // The resolver must be registered before the first P/Invoke; a static constructor guarantees that.
    static NativeMethods() => NativeLibraryResolver.EnsureRegistered();
#pragma warning restore CA1810

    /// <summary>Returns <paramref name="handle"/>, or throws the native error if it is null.</summary>
    internal static IntPtr Check(IntPtr handle)
    {
        if (handle == IntPtr.Zero)
        {
            ThrowLastError();
        }

        return handle;
    }

    /// <summary>Throws the native error if <paramref name="status"/> signals failure (-1).</summary>
    internal static void Check(int status)
    {
        if (status < 0)
        {
            ThrowLastError();
        }
    }

    /// <summary>Throws a <see cref="TorchException"/> with the calling thread's last native error message.</summary>
    internal static void ThrowLastError()
    {
        var message = Marshal.PtrToStringUTF8(ErrorGet()) ?? "native call failed without a message";
        ErrorClear();
        throw new TorchException(message);
    }
}
