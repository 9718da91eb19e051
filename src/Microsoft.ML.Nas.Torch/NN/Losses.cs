using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Loss functions, as <c>torch.nn.functional</c>: one libtorch call each, differentiable with respect to the
/// prediction, returning a new tensor (a scalar unless the reduction is <see cref="Reduction.None"/>).
/// </summary>
public static class Losses
{
    /// <summary>
    /// Cross-entropy between logits and class labels (log-softmax then negative log-likelihood), as
    /// <c>F.cross_entropy</c>.
    /// </summary>
    /// <param name="logits">Unnormalised scores [N, C] (or [N, C, d1, ...]).</param>
    /// <param name="targets">
    /// Class indices as <see cref="ScalarType.Int64"/> [N] (or [N, d1, ...]), or class probabilities of the logits' shape
    /// and dtype. Float labels of shape [N] are an error, raised by libtorch as a <see cref="TorchException"/>.
    /// </param>
    /// <param name="weight">A rescaling weight per class [C], or <see langword="null"/>; with <see cref="Reduction.Mean"/> the mean is weighted.</param>
    /// <param name="labelSmoothing">The mass in [0, 1] spread uniformly over all classes; 0 by default.</param>
    /// <param name="reduction">The reduction; <see cref="Reduction.Mean"/> by default.</param>
    /// <param name="ignoreIndex">A class index whose samples contribute nothing; -100 (none) by default.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> outside [0, 1].</exception>
    /// <exception cref="TorchException">Shapes or dtypes do not fit, or a label is out of range (libtorch's message).</exception>
    public static Tensor CrossEntropy(
        Tensor logits, Tensor targets, Tensor? weight = null, double labelSmoothing = 0.0,
        Reduction reduction = Reduction.Mean, long ignoreIndex = -100)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        Functional.RequireProbability(labelSmoothing, nameof(labelSmoothing));
        return Functional.Wrap(NativeMethods.LossCrossEntropy(
            logits.Handle, targets.Handle, Functional.HandleOf(weight), Code(reduction), ignoreIndex, labelSmoothing),
            logits, targets, weight);
    }

    /// <summary>
    /// Binary cross-entropy on logits (sigmoid folded in for stability), as <c>F.binary_cross_entropy_with_logits</c>:
    /// −w · [p · y · log σ(x) + (1 − y) · log(1 − σ(x))].
    /// </summary>
    /// <param name="logits">Unnormalised scores, any shape.</param>
    /// <param name="targets">Targets in [0, 1], the logits' shape and dtype.</param>
    /// <param name="positiveWeight">The weight p of positive examples per class (broadcast over the last dimension), or <see langword="null"/>.</param>
    /// <param name="weight">A rescaling weight per element (broadcast), or <see langword="null"/>.</param>
    /// <param name="reduction">The reduction; <see cref="Reduction.Mean"/> by default.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="TorchException">Shapes or dtypes do not fit.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(
        Tensor logits, Tensor targets, Tensor? positiveWeight = null, Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        return Functional.Wrap(NativeMethods.LossBinaryCrossEntropyWithLogits(
            logits.Handle, targets.Handle, Functional.HandleOf(weight), Functional.HandleOf(positiveWeight), Code(reduction)),
            logits, targets, weight, positiveWeight);
    }

    /// <summary>Squared error (x − y)², as <c>F.mse_loss</c>.</summary>
    /// <param name="input">The prediction.</param>
    /// <param name="target">The target, the same shape (or broadcastable).</param>
    /// <param name="reduction">The reduction; <see cref="Reduction.Mean"/> by default.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="TorchException">Shapes or dtypes do not fit.</exception>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return Functional.Wrap(NativeMethods.LossMse(input.Handle, target.Handle, Code(reduction)), input, target);
    }

    /// <summary>Absolute error |x − y|, as <c>F.l1_loss</c>.</summary>
    /// <param name="input">The prediction.</param>
    /// <param name="target">The target, the same shape (or broadcastable).</param>
    /// <param name="reduction">The reduction; <see cref="Reduction.Mean"/> by default.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="TorchException">Shapes or dtypes do not fit.</exception>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return Functional.Wrap(NativeMethods.LossL1(input.Handle, target.Handle, Code(reduction)), input, target);
    }

    /// <summary>
    /// Huber loss, as <c>F.huber_loss</c>: ½ (x − y)² where |x − y| &lt; δ, δ · (|x − y| − ½ δ) elsewhere.
    /// </summary>
    /// <param name="input">The prediction.</param>
    /// <param name="target">The target, the same shape (or broadcastable).</param>
    /// <param name="delta">The threshold δ between the quadratic and linear parts; 1 by default.</param>
    /// <param name="reduction">The reduction; <see cref="Reduction.Mean"/> by default.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive.</exception>
    /// <exception cref="TorchException">Shapes or dtypes do not fit.</exception>
    public static Tensor HuberLoss(Tensor input, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delta);
        return Functional.Wrap(NativeMethods.LossHuber(input.Handle, target.Handle, Code(reduction), delta), input, target);
    }

    /// <summary>
    /// Kullback–Leibler divergence KL(target ‖ input) with the input given as log-probabilities, as <c>F.kl_div</c>:
    /// target · (log target − input) element-wise.
    /// </summary>
    /// <param name="input">Log-probabilities (for example from <see cref="Functional.LogSoftmax"/>).</param>
    /// <param name="target">Probabilities, or log-probabilities when <paramref name="logTarget"/> is set.</param>
    /// <param name="reduction">
    /// The reduction; <see cref="Reduction.BatchMean"/> by default, the one that matches the mathematical definition
    /// (PyTorch's own default, mean over elements, divides by the number of classes too).
    /// </param>
    /// <param name="logTarget">Whether <paramref name="target"/> holds log-probabilities.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="TorchException">Shapes or dtypes do not fit.</exception>
    public static Tensor KLDivLoss(
        Tensor input, Tensor target, Reduction reduction = Reduction.BatchMean, bool logTarget = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return Functional.Wrap(NativeMethods.LossKLDiv(input.Handle, target.Handle, Code(reduction), logTarget ? 1 : 0), input, target);
    }

    private static int Code(Reduction reduction) =>
        reduction is Reduction.None or Reduction.Mean or Reduction.Sum or Reduction.BatchMean
            ? (int)reduction
            : throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction.");

}
