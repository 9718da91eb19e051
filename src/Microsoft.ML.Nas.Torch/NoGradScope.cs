using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>
/// Turns autograd recording off on the calling thread until disposed, like PyTorch's <c>torch.no_grad()</c>:
/// results computed inside do not require grad and have no backward graph, and leaves that require grad may be
/// updated in place (the manual SGD step <c>w.SubInPlace(w.Grad, lr)</c>).
/// </summary>
/// <remarks>
/// <para>
/// Grad mode is a thread-local flag in libtorch. The scope saves the flag on construction, clears it, and restores the
/// saved value on <see cref="Dispose"/>, so scopes nest. Like <see cref="DisposeScope"/>, a scope is bound to the
/// thread that opened it: do not <see langword="await"/> inside one, and dispose scopes innermost first.
/// </para>
/// <code>
/// using (new NoGradScope())
/// {
///     using var gradient = weight.Grad!;
///     weight.SubInPlace(gradient, alpha: learningRate);
/// }
/// </code>
/// </remarks>
public sealed class NoGradScope : IDisposable
{
    [ThreadStatic]
    private static NoGradScope? t_current;

    private readonly NoGradScope? _outer;
    private readonly bool _wasEnabled;
    private bool _disposed;

    /// <summary>Initializes a new scope: saves the calling thread's grad mode and turns it off.</summary>
    public NoGradScope()
    {
        _wasEnabled = IsGradEnabled;
        NativeMethods.Check(NativeMethods.AutogradSetGradEnabled(0));
        _outer = t_current;
        t_current = this;
    }

    /// <summary>Gets a value indicating whether autograd records operations on the calling thread (grad mode).</summary>
    public static bool IsGradEnabled => NativeMethods.AutogradIsGradEnabled() != 0;

    /// <summary>Restores the grad mode that was in effect when the scope was opened.</summary>
    /// <exception cref="InvalidOperationException">The scope is not the innermost open one of the calling thread.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!ReferenceEquals(t_current, this))
        {
            throw new InvalidOperationException(
                "A NoGradScope must be disposed on the thread that opened it, innermost first.");
        }

        _disposed = true;
        t_current = _outer;
        NativeMethods.Check(NativeMethods.AutogradSetGradEnabled(_wasEnabled ? 1 : 0));
    }
}
