using System.Globalization;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Proxies;

/// <summary>
/// Computes <see cref="ZeroCostProxy"/> scores of a TorchSharp module as it is: its current weights and one mini-batch.
/// The module is left as it was found (parameters, buffers, element type, every submodule's training mode, no
/// gradients).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ZeroCostProxy.GradNorm"/> and <see cref="ZeroCostProxy.Snip"/> run the batch in training mode, so batch
/// normalization uses the batch's statistics as in training, but with every <see cref="TorchSharp.Modules.Dropout"/>
/// submodule in evaluation mode: dropout is off, the pass draws nothing from libtorch's generator (which all threads
/// share), and the score is a function of the weights and the batch alone. The running statistics that the
/// training-mode pass updates are restored afterwards.
/// </para>
/// <para>
/// Every proxy is computed in float64, whatever the module's element type. A gradient of one small batch through a
/// deep network in training mode can be ill-conditioned: on a NAS-Bench-201 network, float32 grad_norm lands on
/// 253.7 or 255.4 (0.7% apart) depending on the CPU kernels' summation order, which changes with the instruction set
/// libtorch picks (AVX-512, AVX2, SSE) and, for some, with the number of threads, so the same network scored
/// differently on different machines. In float64 the score is the same on every kernel path and thread count, and
/// equal to PyTorch's float64 score to about 1e-9.
/// </para>
/// <para>
/// <see cref="ZeroCostProxy.SynFlow"/> runs in evaluation mode, in float64 (its products of absolute weights overflow
/// float32 in deep networks). With a freshly initialised network (running mean 0, running variance 1, unit scale,
/// zero shift) batch normalization is then the identity up to its ε, which is what the reference implementation gets
/// by building the network without batch normalization for this proxy; in training mode a constant input would have
/// zero variance per channel and every normalised activation would collapse to its shift.
/// </para>
/// <para>
/// Scoring converts the module to float64 and back, which in TorchSharp replaces its parameter objects of another
/// element type: read <c>parameters()</c> again after scoring (an optimizer created before scoring would hold the old
/// ones).
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
    public static double Score(nn.Module<Tensor, Tensor> network, ZeroCostProxy proxy, Tensor features, Tensor targets) =>
        Score(network, [proxy], features, targets)[0];

    /// <summary>Scores a module with several proxies: one training-mode pass serves grad_norm and SNIP together.</summary>
    /// <param name="network">The module (see <see cref="Score(nn.Module{Tensor, Tensor}, ZeroCostProxy, Tensor, Tensor)"/>).</param>
    /// <param name="proxies">The proxies, in the order of the returned scores.</param>
    /// <param name="features">The mini-batch's features.</param>
    /// <param name="targets">The mini-batch's targets.</param>
    /// <returns>One score per proxy, in the order asked.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="Score(nn.Module{Tensor, Tensor}, ZeroCostProxy, Tensor, Tensor)"/>.</exception>
    /// <exception cref="InvalidOperationException">See <see cref="Score(nn.Module{Tensor, Tensor}, ZeroCostProxy, Tensor, Tensor)"/>.</exception>
    public static double[] Score(nn.Module<Tensor, Tensor> network, IReadOnlyList<ZeroCostProxy> proxies, Tensor features, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        var batch = features.dim() == 0 ? 0 : features.shape[0];
        if (batch == 0 || targets.dim() == 0 || targets.shape[0] != batch)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"A zero-cost proxy needs a non-empty batch whose features and targets have the same first dimension; found features [{string.Join(", ", features.shape)}] and targets [{string.Join(", ", targets.shape)}]."),
                nameof(targets));
        }

        if (!network.parameters().Any(IsWeight))
        {
            throw new ArgumentException("The module has no weights of two or more dimensions (convolutions or linear layers) to score.", nameof(network));
        }

        foreach (var proxy in proxies.Where(proxy => !Enum.IsDefined(proxy)))
        {
            throw new ArgumentOutOfRangeException(nameof(proxies), proxy, "Unknown zero-cost proxy.");
        }

        // Every submodule's mode, root first and then breadth-first, so that restoring them in this order (a module's
        // train() also sets its children) gives back exactly the modes found, mixed ones included.
        var modes = network.modules().Prepend(network).Select(module => (Module: module, Training: module.training)).ToArray();
        var dtype = network.parameters().First().dtype;
        using var scope = torch.NewDisposeScope();
        Dictionary<string, Tensor> saved;
        using (torch.no_grad())
        {
            saved = network.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone(), StringComparer.Ordinal);
        }

        try
        {
            // grad_norm and SNIP read the same gradients: one pass serves both.
            network.zero_grad(); // gradients the caller left would add to the pass's
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
            foreach (var (module, training) in modes)
            {
                module.train(training);
            }
        }
    }

    private static (double GradNorm, double Snip) LossGradients(nn.Module<Tensor, Tensor> network, Tensor features, Tensor targets)
    {
        network.to(ScalarType.Float64);
        network.train();
        foreach (var dropout in network.modules().OfType<TorchSharp.Modules.Dropout>())
        {
            dropout.eval();
        }

        using var scope = torch.NewDisposeScope();
        var output = network.forward(features.to_type(ScalarType.Float64));
        var task = targets.dtype == ScalarType.Int64 ? TrainingTask.Classification : TrainingTask.Regression;
        CandidateTrainer.CheckOutput(
            output, task, (int)features.shape[0], task == TrainingTask.Classification && output.dim() == 2 ? (int)output.shape[1] : 1, ScalarType.Float64);
        var loss = CandidateTrainer.ComputeLoss(output, task == TrainingTask.Classification ? targets : targets.to_type(ScalarType.Float64), task, labelSmoothing: 0);
        loss.backward();

        // Per-weight values are summed on the host, in the modules' parameter order.
        double gradNorm = 0, snip = 0;
        foreach (var (weight, gradient) in WeightsWithGradients(network))
        {
            gradNorm += gradient.norm().item<double>();
            snip += (weight.detach() * gradient).abs().sum().item<double>();
        }

        return (gradNorm, snip);
    }

    private static double SynFlow(nn.Module<Tensor, Tensor> network, Tensor features)
    {
        network.eval();
        network.to(ScalarType.Float64);
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            foreach (var parameter in network.parameters())
            {
                parameter.abs_();
            }
        }

        long[] shape = [1, .. features.shape.Skip(1)];
        var ones = torch.ones(shape, ScalarType.Float64, features.device);
        network.forward(ones).sum().backward();
        return WeightsWithGradients(network).Sum(pair => (pair.Weight.detach() * pair.Gradient).abs().sum().item<double>());
    }

    /// <summary>The weights (parameters of two or more dimensions) that received a gradient, with it; read inside a dispose scope.</summary>
    private static IEnumerable<(Tensor Weight, Tensor Gradient)> WeightsWithGradients(nn.Module<Tensor, Tensor> network) =>
        network.parameters().Where(IsWeight).Select(weight => (Weight: (Tensor)weight, Gradient: weight.grad)).Where(pair => pair.Gradient is not null).Select(pair => (pair.Weight, pair.Gradient!));

    private static void Restore(nn.Module<Tensor, Tensor> network, Dictionary<string, Tensor> saved, ScalarType dtype)
    {
        network.zero_grad();
        if (network.parameters().First().dtype != dtype)
        {
            network.to(dtype);
        }

        network.load_state_dict(saved);
    }

    private static bool IsWeight(Tensor parameter) => parameter.dim() >= 2;
}
