using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Builds common parameter-group layouts for an optimizer.</summary>
public static class ParameterGroups
{
    /// <summary>
    /// Splits a module's parameters into a "decay" group (weight decay <paramref name="weightDecay"/>) and a
    /// "no decay" group (weight decay 0) holding biases and normalisation parameters: every parameter with at most one
    /// dimension (batch-norm weights and biases, linear and convolution biases) and every parameter named
    /// <c>bias</c> or ending in <c>.bias</c>.
    /// </summary>
    /// <remarks>
    /// Decaying the scale and shift of batch normalisation or the biases only limits what the network can represent
    /// without regularising it; "Bag of Tricks for Image Classification with Convolutional Neural Networks" (He et al.,
    /// 2019, https://arxiv.org/abs/1812.01187) applies decay to convolution and linear weights only.
    /// </remarks>
    /// <param name="module">The module whose <see cref="Module.NamedParameters"/> are split.</param>
    /// <param name="weightDecay">The decay of the first group; not negative.</param>
    /// <returns>Two groups, always in this order (either may be empty): decay, then no decay.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weightDecay"/> is negative or not a number.</exception>
    public static IReadOnlyList<ParameterGroup> WithoutDecayOnNormAndBias(Module module, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(module);
        OptimizerValidation.NotNegative(weightDecay, nameof(weightDecay));
        var decay = new List<Tensor>();
        var noDecay = new List<Tensor>();
        foreach (var (name, parameter) in module.NamedParameters())
        {
            var exempt = parameter.Dimensions <= 1
                || name == "bias"
                || name.EndsWith(".bias", StringComparison.Ordinal);
            (exempt ? noDecay : decay).Add(parameter);
        }

        return
        [
            new ParameterGroup(decay) { WeightDecay = weightDecay },
            new ParameterGroup(noDecay) { WeightDecay = 0 },
        ];
    }
}
