using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>
/// Updates parameters from their gradients, as <c>torch.optim.Optimizer</c>: call <see cref="Step"/> after
/// <see cref="Tensor.Backward"/> and <see cref="ZeroGrad"/> before the next one. The concrete optimizers are
/// <see cref="Sgd"/>, <see cref="Adam"/> and <see cref="AdamW"/>.
/// </summary>
/// <remarks>
/// <para>
/// The update runs natively in libtorch's own optimizer (<c>torch::optim::SGD</c>, <c>Adam</c>, <c>AdamW</c>), so it
/// has PyTorch's numerics and costs one native call per step, however many parameters there are. Parameters without a
/// gradient are skipped.
/// </para>
/// <para>
/// The native optimizer holds its own references to the parameters (sharing their memory) and its state (momentum
/// buffers, moment estimates); <see cref="Dispose()"/> releases both. Disposing a parameter's managed handle while the
/// optimizer lives is safe: the optimizer keeps updating the memory it references.
/// </para>
/// </remarks>
public abstract class Optimizer : IDisposable
{
    private readonly OptimizerHandle _handle;
    private readonly OptimizerParameterGroup[] _groups;

    /// <summary>Validates and resolves the groups, creates the native optimizer and wraps it.</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The default learning rate.</param>
    /// <param name="weightDecay">The default weight decay.</param>
    /// <param name="create">Creates the native optimizer from the resolved groups; returns null on native failure.</param>
    private protected Optimizer(
        IEnumerable<ParameterGroup> groups, double learningRate, double weightDecay, Func<NativeGroups, IntPtr> create)
    {
        ArgumentNullException.ThrowIfNull(groups);
        OptimizerValidation.FiniteNotNegative(learningRate, nameof(learningRate));
        OptimizerValidation.FiniteNotNegative(weightDecay, nameof(weightDecay));
        var list = groups.ToArray();
        var native = NativeGroups.Resolve(list, learningRate, weightDecay);
        _handle = new OptimizerHandle(native.Create(create));
        _groups = new OptimizerParameterGroup[list.Length];
        for (var index = 0; index < list.Length; index++)
        {
            _groups[index] = new OptimizerParameterGroup(
                this, index, list[index].Parameters, native.LearningRates[index], native.WeightDecays[index]);
        }
    }

    /// <summary>Gets the number of native optimizers created and not yet disposed, in the whole process.</summary>
    /// <remarks>Tests use it, with <see cref="Tensor.LiveCount"/>, to prove that training loops leak nothing.</remarks>
    public static long LiveCount => NativeMethods.OptimLiveCount();

    /// <summary>Gets the parameter groups in the order they were given, with their live options.</summary>
    public IReadOnlyList<OptimizerParameterGroup> ParameterGroups => _groups;

    /// <summary>Gets a value indicating whether the optimizer has been disposed.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Gets the native handle, or throws if the optimizer was disposed.</summary>
    internal OptimizerHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Updates every parameter that has a gradient, in one native call.</summary>
    /// <exception cref="ObjectDisposedException">The optimizer was disposed.</exception>
    /// <exception cref="TorchException">libtorch refused the update (for example a sparse gradient).</exception>
    public void Step() => NativeMethods.Check(NativeMethods.OptimStep(Handle));

    /// <summary>Resets the gradients of all parameters, as <c>optimizer.zero_grad(set_to_none)</c>.</summary>
    /// <param name="setToNone">
    /// <see langword="true"/> (default, PyTorch 2's default) drops the gradients, so the next backward allocates fresh
    /// ones and <see cref="Tensor.Grad"/> reads <see langword="null"/>; <see langword="false"/> fills them with zeros.
    /// </param>
    /// <exception cref="ObjectDisposedException">The optimizer was disposed.</exception>
    public void ZeroGrad(bool setToNone = true) =>
        NativeMethods.Check(NativeMethods.OptimZeroGrad(Handle, setToNone ? 1 : 0));

    /// <summary>Releases the native optimizer, its state and its references to the parameters.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native optimizer when <paramref name="disposing"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }
    }
}
