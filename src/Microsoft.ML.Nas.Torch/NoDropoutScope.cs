using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Torch;

/// <summary>
/// Turns dropout off on the calling thread until disposed: <see cref="Functional.Dropout"/>, and so every
/// <see cref="NN.Dropout"/> layer and every block built on it, passes its input through unchanged whatever its
/// training flag, while batch normalization and everything else keep their mode. A training-mode pass inside one is
/// deterministic and draws nothing from libtorch's generator (which all threads share).
/// </summary>
/// <remarks>
/// The flag is thread-local and counts nesting. Like <see cref="NoGradScope"/>, a scope is bound to the thread that
/// opened it: do not <see langword="await"/> inside one. Open one with <see cref="LibTorch.NoDropout"/>.
/// </remarks>
public sealed class NoDropoutScope : IDisposable
{
    [ThreadStatic]
    private static int t_depth;

    private bool _disposed;

    /// <summary>Initializes a new scope: turns dropout off on the calling thread.</summary>
    public NoDropoutScope() => t_depth++;

    /// <summary>Gets a value indicating whether dropout applies on the calling thread (no scope is open).</summary>
    public static bool IsDropoutEnabled => t_depth == 0;

    /// <summary>Closes the scope; dropout applies again once every scope of the thread is closed.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            t_depth--;
        }
    }
}
