using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Rescales or clamps gradients in place before an optimizer step (<c>torch.nn.utils.clip_grad_*</c>).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint norm is at most <paramref name="maxNorm"/>, as
    /// <c>torch.nn.utils.clip_grad_norm_</c>, in one native call over the list.
    /// </summary>
    /// <remarks>
    /// The total norm is the <paramref name="normType"/>-norm of the per-tensor norms (the norm of all gradient
    /// elements concatenated); every gradient is multiplied by min(1, maxNorm / (totalNorm + 1e-6)). Tensors without a
    /// gradient are skipped. Clipping the global norm follows "On the difficulty of training recurrent neural networks"
    /// (Pascanu, Mikolov and Bengio, 2013, https://arxiv.org/abs/1211.5063).
    /// </remarks>
    /// <param name="parameters">The parameters whose gradients are clipped, typically <c>module.Parameters()</c>.</param>
    /// <param name="maxNorm">The largest allowed total norm; finite and not negative.</param>
    /// <param name="normType">The order of the norm: 2 (default), any positive number, or <see cref="double.PositiveInfinity"/> for the largest absolute value.</param>
    /// <param name="errorIfNonfinite">Whether to throw instead of scaling when the total norm is NaN or infinite; off by default, as in PyTorch.</param>
    /// <returns>The total norm of the gradients before clipping (0 when no parameter has a gradient).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its tensors is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="normType"/> is out of range.</exception>
    /// <exception cref="TorchException"><paramref name="errorIfNonfinite"/> is set and the total norm is not finite.</exception>
    public static unsafe double ClipGradNorm(
        IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        OptimizerValidation.FiniteNotNegative(maxNorm, nameof(maxNorm));
        if (double.IsNaN(normType) || normType <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "normType must be > 0 (or positive infinity).");
        }

        var tensors = Collect(parameters);
        var handles = Array.ConvertAll(tensors, tensor => tensor.Handle);
        double totalNorm;
        fixed (IntPtr* pointer = handles)
        {
            NativeMethods.Check(NativeMethods.OptimClipGradNorm(
                pointer, handles.Length, maxNorm, normType, errorIfNonfinite ? 1 : 0, out totalNorm));
        }

        GC.KeepAlive(tensors);
        return totalNorm;
    }

    /// <summary>Clamps every gradient element into [−clipValue, clipValue], as <c>torch.nn.utils.clip_grad_value_</c>.</summary>
    /// <param name="parameters">The parameters whose gradients are clipped; those without a gradient are skipped.</param>
    /// <param name="clipValue">The largest allowed absolute value; finite and not negative.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its tensors is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or not finite.</exception>
    public static unsafe void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        OptimizerValidation.FiniteNotNegative(clipValue, nameof(clipValue));
        var tensors = Collect(parameters);
        var handles = Array.ConvertAll(tensors, tensor => tensor.Handle);
        fixed (IntPtr* pointer = handles)
        {
            NativeMethods.Check(NativeMethods.OptimClipGradValue(pointer, handles.Length, clipValue));
        }

        GC.KeepAlive(tensors);
    }

    private static Tensor[] Collect(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tensors = parameters.ToArray();
        if (Array.IndexOf(tensors, null) is var index and >= 0)
        {
            throw new ArgumentNullException(nameof(parameters), $"Tensor {index} of the list is null.");
        }

        return tensors;
    }
}
