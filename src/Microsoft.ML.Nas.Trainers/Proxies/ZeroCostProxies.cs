using System.Globalization;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Proxies;

/// <summary>
/// Computes <see cref="ZeroCostProxy"/> scores of a module as it is: its current weights and one mini-batch. The module
/// is left as it was found (parameters, buffers, element type, training mode, no gradients).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ZeroCostProxy.GradNorm"/> and <see cref="ZeroCostProxy.Snip"/> run the batch in training mode, so batch
/// normalization uses the batch's statistics as in training, but inside a <see cref="NoDropoutScope"/>: dropout is
/// off, the pass draws nothing from libtorch's generator (which all threads share), and the score is a function of the
/// weights and the batch alone. The running statistics that the training-mode pass updates are restored afterwards.
/// </para>
/// <para>
/// <see cref="ZeroCostProxy.SynFlow"/> runs in evaluation mode. With a freshly initialised network (running mean 0,
/// running variance 1, unit scale, zero shift) batch normalization is then the identity up to its ε, which is what the
/// reference implementation gets by building the network without batch normalization for this proxy; in training mode
/// a constant input would have zero variance per channel and every normalised activation would collapse to its shift.
/// </para>
/// </remarks>
public static class ZeroCostProxies
{
    /// <summary>Scores a module with one proxy.</summary>
    /// <param name="network">The module; it must map a float32 batch <c>[B, ...]</c> to logits <c>[B, classes]</c> or values <c>[B, 1]</c>/<c>[B]</c>.</param>
    /// <param name="proxy">The proxy.</param>
    /// <param name="features">The mini-batch's features, float32 <c>[B, ...]</c>; for <see cref="ZeroCostProxy.SynFlow"/> only its per-sample shape is used.</param>
    /// <param name="targets">The mini-batch's targets: int64 class indices <c>[B]</c> for classification, float32 <c>[B, 1]</c> for regression; not used by <see cref="ZeroCostProxy.SynFlow"/>.</param>
    /// <returns>The score; higher is better.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The batch is empty, or the features and targets disagree on its size, or the module has no weights of two or more dimensions.</exception>
    /// <exception cref="InvalidOperationException">The module's output does not fit the targets (the message says what was expected and found).</exception>
    public static double Score(Module network, ZeroCostProxy proxy, Tensor features, Tensor targets) =>
        Score(network, [proxy], features, targets)[0];

    /// <summary>Scores a module with several proxies: one training-mode pass serves grad_norm and SNIP together.</summary>
    /// <param name="network">The module (see <see cref="Score(Module, ZeroCostProxy, Tensor, Tensor)"/>).</param>
    /// <param name="proxies">The proxies, in the order of the returned scores.</param>
    /// <param name="features">The mini-batch's features.</param>
    /// <param name="targets">The mini-batch's targets.</param>
    /// <returns>One score per proxy, in the order asked.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="Score(Module, ZeroCostProxy, Tensor, Tensor)"/>.</exception>
    /// <exception cref="InvalidOperationException">See <see cref="Score(Module, ZeroCostProxy, Tensor, Tensor)"/>.</exception>
    public static double[] Score(Module network, IReadOnlyList<ZeroCostProxy> proxies, Tensor features, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        var batch = features.Dimensions == 0 ? 0 : features.Shape[0];
        if (batch == 0 || targets.Dimensions == 0 || targets.Shape[0] != batch)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"A zero-cost proxy needs a non-empty batch whose features and targets have the same first dimension; found features [{string.Join(", ", features.Shape)}] and targets [{string.Join(", ", targets.Shape)}]."),
                nameof(targets));
        }

        if (!network.Parameters().Any(IsWeight))
        {
            throw new ArgumentException("The module has no weights of two or more dimensions (convolutions or linear layers) to score.", nameof(network));
        }

        foreach (var proxy in proxies.Where(proxy => !Enum.IsDefined(proxy)))
        {
            throw new ArgumentOutOfRangeException(nameof(proxies), proxy, "Unknown zero-cost proxy.");
        }

        var wasTraining = network.IsTraining;
        var dtype = network.Parameters().First().Dtype;
        using var scope = DisposeScope.Begin();
        Dictionary<string, Tensor> saved;
        using (LibTorch.NoGrad())
        {
            saved = network.StateDict().ToDictionary(entry => entry.Key, entry => entry.Value.Clone(), StringComparer.Ordinal);
        }

        try
        {
            // grad_norm and SNIP read the same gradients: one pass serves both.
            network.ZeroGrad(); // gradients the caller left would add to the pass's
            (double GradNorm, double Snip)? loss = proxies.Any(proxy => proxy is ZeroCostProxy.GradNorm or ZeroCostProxy.Snip)
                ? LossGradients(network, features, targets)
                : null;
            double? synFlow = null;
            if (proxies.Contains(ZeroCostProxy.SynFlow))
            {
                if (loss is not null)
                {
                    Restore(network, saved, dtype); // the training-mode pass moved the running statistics SynFlow reads
                }

                synFlow = SynFlow(network, features);
            }

            return [.. proxies.Select(proxy => proxy switch
            {
                ZeroCostProxy.GradNorm => loss!.Value.GradNorm,
                ZeroCostProxy.Snip => loss!.Value.Snip,
                _ => synFlow!.Value,
            })];
        }
        finally
        {
            Restore(network, saved, dtype);
            network.Train(wasTraining);
        }
    }

    private static (double GradNorm, double Snip) LossGradients(Module network, Tensor features, Tensor targets)
    {
        network.Train();
        using var noDropout = LibTorch.NoDropout();
        var output = network.Forward(features);
        var task = targets.Dtype == ScalarType.Int64 ? TrainingTask.Classification : TrainingTask.Regression;
        CandidateTrainer.CheckOutput(output, task, (int)features.Shape[0], task == TrainingTask.Classification && output.Dimensions == 2 ? (int)output.Shape[1] : 1);
        using var loss = CandidateTrainer.ComputeLoss(output, targets, task, labelSmoothing: 0);
        loss.Backward();
        using var weights = DisposeScope.Begin();
        double gradNorm = 0, snip = 0;
        foreach (var (weight, gradient) in WeightsWithGradients(network))
        {
            gradNorm += gradient.Norm().ToDouble();
            snip += (weight * gradient).Abs().Sum().ToDouble();
        }

        return (gradNorm, snip);
    }

    private static double SynFlow(Module network, Tensor features)
    {
        network.Eval();
        network.To(ScalarType.Float64);
        using (LibTorch.NoGrad())
        {
            foreach (var parameter in network.Parameters())
            {
                using var absolute = parameter.Abs();
                parameter.CopyFrom(absolute);
            }
        }

        long[] shape = [1, .. features.Shape.Skip(1)];
        using var ones = Tensor.Ones(shape, ScalarType.Float64, features.Device);
        using var output = network.Forward(ones);
        using var total = output.Sum();
        total.Backward();
        using var weights = DisposeScope.Begin();
        return WeightsWithGradients(network).Sum(pair => (pair.Weight * pair.Gradient).Abs().Sum().ToDouble());
    }

    /// <summary>The weights (parameters of two or more dimensions) that received a gradient, with it; read inside a dispose scope.</summary>
    private static IEnumerable<(Tensor Weight, Tensor Gradient)> WeightsWithGradients(Module network) =>
        network.Parameters().Where(IsWeight).Select(weight => (weight, weight.Grad)).Where(pair => pair.Grad is not null).Select(pair => (pair.weight, pair.Grad!));

    private static void Restore(Module network, Dictionary<string, Tensor> saved, ScalarType dtype)
    {
        network.ZeroGrad();
        if (network.Parameters().First().Dtype != dtype)
        {
            network.To(dtype);
        }

        network.LoadStateDict(saved);
    }

    private static bool IsWeight(Tensor parameter) => parameter.Dimensions >= 2;
}
