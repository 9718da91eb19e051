using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch;

/// <summary>Automatic differentiation: requires-grad flag, backward pass and accumulated gradients.</summary>
/// <remarks>
/// As in PyTorch, ops on tensors that require grad record a graph while grad mode is on (see
/// <see cref="NoGradScope"/>); <see cref="Backward"/> walks it and accumulates into the <see cref="Grad"/> of every
/// leaf that requires grad. Gradients add up across backward calls until <see cref="ZeroGrad"/>.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>Gets or sets a value indicating whether autograd records operations on this tensor.</summary>
    /// <remarks>Only floating-point tensors can require grad; only leaves can be switched off.</remarks>
    /// <exception cref="TorchException">On set: the dtype cannot hold gradients, or the tensor is not a leaf.</exception>
    public bool RequiresGrad
    {
        get => NativeMethods.AutogradRequiresGrad(Handle) != 0;
        set
        {
            NativeMethods.Check(NativeMethods.AutogradSetRequiresGrad(Handle, value ? 1 : 0));
            GC.KeepAlive(this);
        }
    }

    /// <summary>
    /// Gets a value indicating whether this tensor is a leaf of the autograd graph: created by the user (or under
    /// <see cref="NoGradScope"/>, or from tensors that do not require grad) rather than by a recorded operation.
    /// </summary>
    public bool IsLeaf => NativeMethods.AutogradIsLeaf(Handle) != 0;

    /// <summary>
    /// Gets a new tensor holding the gradient accumulated into this leaf by <see cref="Backward"/>, or
    /// <see langword="null"/> when none has been computed (or it was reset by <see cref="ZeroGrad"/>).
    /// </summary>
    /// <remarks>
    /// Every read returns a new handle (registered with the current <see cref="DisposeScope"/>) that shares memory with
    /// the gradient: dispose it, or read it inside a scope.
    /// </remarks>
    public Tensor? Grad
    {
        get
        {
            NativeMethods.Check(NativeMethods.AutogradGrad(Handle, out var gradient));
            GC.KeepAlive(this);
            return gradient == IntPtr.Zero ? null : new Tensor(gradient);
        }
    }

    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it into their
    /// <see cref="Grad"/>.
    /// </summary>
    /// <param name="gradient">
    /// The gradient of the final objective with respect to this tensor (same shape); <see langword="null"/> (default)
    /// means 1 and is only allowed for a one-element tensor.
    /// </param>
    /// <param name="retainGraph">
    /// Whether to keep the graph's saved tensors so that backward can run through it again; <see langword="false"/>
    /// by default (a second backward through the same graph then fails).
    /// </param>
    /// <param name="createGraph">Whether to record the backward pass itself, for higher-order derivatives.</param>
    /// <exception cref="TorchException">
    /// The tensor does not require grad, has more than one element and no <paramref name="gradient"/> was given, or
    /// the graph was already freed by an earlier backward.
    /// </exception>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        NativeMethods.Check(NativeMethods.AutogradBackward(
            Handle, gradient?.Handle ?? IntPtr.Zero, retainGraph ? 1 : 0, createGraph ? 1 : 0));
        GC.KeepAlive(this);
        GC.KeepAlive(gradient);
    }

    /// <summary>Resets the accumulated gradient, as <c>torch.optim.Optimizer.zero_grad</c> does.</summary>
    /// <param name="setToNone">
    /// <see langword="true"/> (default, PyTorch 2's default) forgets the gradient, so <see cref="Grad"/> returns
    /// <see langword="null"/> and the next backward allocates a fresh one; <see langword="false"/> keeps the tensor
    /// and fills it with zeros (cut from any graph).
    /// </param>
    public void ZeroGrad(bool setToNone = true)
    {
        NativeMethods.Check(NativeMethods.AutogradZeroGrad(Handle, setToNone ? 1 : 0));
        GC.KeepAlive(this);
    }
}
