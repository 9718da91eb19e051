using System.Runtime.InteropServices;
using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Owns one native optimizer (<c>nasml_optim_*_create</c>) and releases it with <c>nasml_optim_dispose</c>.</summary>
internal sealed class OptimizerHandle : SafeHandle
{
    /// <summary>Initializes an empty handle (used by the interop marshaller).</summary>
    public OptimizerHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a non-null native optimizer pointer.</summary>
    /// <param name="handle">The pointer returned by a create function.</param>
    public OptimizerHandle(IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMethods.OptimDispose(handle);
        return true;
    }
}
