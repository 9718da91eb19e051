namespace Microsoft.ML.Nas.Torch;

/// <summary>
/// Releases every tensor created on this thread while the scope is open, unless the tensor was moved out with
/// <see cref="Tensor.MoveToOuterScope"/> or <see cref="Tensor.DetachFromDisposeScope"/>. Scopes nest.
/// </summary>
/// <remarks>
/// Scopes are bound to the thread that opened them: do not <see langword="await"/> inside one (a continuation may
/// resume on another thread). Typical use is one scope per training step:
/// <code>
/// using (DisposeScope.Begin())
/// {
///     using var loss = model.Forward(batch) ... ;
///     loss.Backward();
///     optimizer.Step();
/// }
/// </code>
/// </remarks>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic]
    private static DisposeScope? t_current;

    private readonly DisposeScope? _outer;
    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private DisposeScope(DisposeScope? outer)
    {
        _outer = outer;
    }

    /// <summary>Gets the innermost open scope of the calling thread, or <see langword="null"/>.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>Gets the number of tensors the scope currently owns.</summary>
    public int Count => _tensors.Count;

    /// <summary>Opens a new scope on the calling thread; it becomes <see cref="Current"/> until disposed.</summary>
    /// <returns>The new scope.</returns>
    public static DisposeScope Begin()
    {
        var scope = new DisposeScope(t_current);
        t_current = scope;
        return scope;
    }

    /// <summary>Releases every tensor the scope still owns and makes the outer scope current again.</summary>
    /// <exception cref="InvalidOperationException">The scope is not the innermost one of the calling thread.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!ReferenceEquals(t_current, this))
        {
            throw new InvalidOperationException(
                "A DisposeScope must be disposed on the thread that opened it, innermost first.");
        }

        _disposed = true;
        t_current = _outer;
        foreach (var tensor in _tensors)
        {
            tensor.DisposeFromScope();
        }

        _tensors.Clear();
    }

    internal static void Register(Tensor tensor)
    {
        if (t_current is { } scope)
        {
            scope._tensors.Add(tensor);
            tensor.OwningScope = scope;
        }
    }

    internal void Remove(Tensor tensor) => _tensors.Remove(tensor);

    internal void MoveToOuter(Tensor tensor)
    {
        _tensors.Remove(tensor);
        tensor.OwningScope = null;
        if (_outer is not null)
        {
            _outer._tensors.Add(tensor);
            tensor.OwningScope = _outer;
        }
    }
}
