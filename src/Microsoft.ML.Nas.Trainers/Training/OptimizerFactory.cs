using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Creates the TorchSharp optimizer of a <see cref="TrainingRecipe"/>, with its parameter groups.</summary>
internal static class OptimizerFactory
{
    /// <summary>
    /// Splits a module's parameters into a "decay" group and a "no decay" group holding biases and normalisation
    /// parameters: every parameter with at most one dimension (batch-norm weights and biases, linear and convolution
    /// biases) and every parameter named <c>bias</c> or ending in <c>.bias</c>.
    /// </summary>
    /// <remarks>
    /// Decaying the scale and shift of batch normalisation or the biases only limits what the network can represent
    /// without regularising it; "Bag of Tricks for Image Classification with Convolutional Neural Networks" (He et al.,
    /// 2019, https://arxiv.org/abs/1812.01187) applies decay to convolution and linear weights only.
    /// </remarks>
    /// <param name="module">The module whose named parameters are split.</param>
    /// <returns>The two groups, always in this order (either may be empty): decay, then no decay.</returns>
    public static (IReadOnlyList<Parameter> Decay, IReadOnlyList<Parameter> NoDecay) WithoutDecayOnNormAndBias(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var decay = new List<Parameter>();
        var noDecay = new List<Parameter>();
        foreach (var (name, parameter) in module.named_parameters())
        {
            var exempt = parameter.dim() <= 1
                || name == "bias"
                || name.EndsWith(".bias", StringComparison.Ordinal);
            (exempt ? noDecay : decay).Add(parameter);
        }

        return (decay, noDecay);
    }

    /// <summary>
    /// Creates the recipe's optimizer over the module's parameters: weight decay on convolution and linear weights only
    /// (<see cref="WithoutDecayOnNormAndBias"/>), the recipe's learning rate, momentum (SGD's momentum with Nesterov
    /// when asked and the momentum is positive, or Adam's β1) and weight decay (L2 for SGD and Adam, decoupled for AdamW).
    /// </summary>
    /// <param name="module">The module; read its parameters after moving it to its device.</param>
    /// <param name="recipe">The recipe (validated by the caller).</param>
    /// <returns>The optimizer; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The module has no parameters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The recipe's optimizer is unknown.</exception>
    public static optim.Optimizer Create(nn.Module module, TrainingRecipe recipe)
    {
        var (decay, noDecay) = WithoutDecayOnNormAndBias(module);
        var groups = new List<(IReadOnlyList<Parameter> Parameters, double WeightDecay)>(2);
        if (decay.Count > 0)
        {
            groups.Add((decay, recipe.WeightDecay));
        }

        if (noDecay.Count > 0)
        {
            groups.Add((noDecay, 0));
        }

        if (groups.Count == 0)
        {
            throw new ArgumentException($"The module {module.GetName()} has no parameters to train.", nameof(module));
        }

        var learningRate = recipe.LearningRate;
        var momentum = recipe.Momentum;
        const double Beta2 = 0.999;
        const double Epsilon = 1e-8;
        switch (recipe.Optimizer)
        {
            case OptimizerKind.Sgd:
                var nesterov = recipe.Nesterov && momentum > 0;
                return optim.SGD(
                    groups.Select(group => new SGD.ParamGroup(group.Parameters, learningRate, momentum, 0, group.WeightDecay, nesterov, false)),
                    learningRate,
                    momentum,
                    0,
                    recipe.WeightDecay,
                    nesterov);
            case OptimizerKind.Adam:
                return optim.Adam(
                    groups.Select(group => new Adam.ParamGroup(group.Parameters, learningRate, momentum, Beta2, Epsilon, group.WeightDecay, false, false)),
                    learningRate,
                    momentum,
                    Beta2,
                    Epsilon,
                    recipe.WeightDecay);
            case OptimizerKind.AdamW:
                return optim.AdamW(
                    groups.Select(group => new AdamW.ParamGroup(group.Parameters, learningRate, momentum, Beta2, Epsilon, group.WeightDecay, false, false)),
                    learningRate,
                    momentum,
                    Beta2,
                    Epsilon,
                    recipe.WeightDecay);
            default:
                throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Optimizer, "Unknown optimizer.");
        }
    }

    /// <summary>
    /// Creates the recipe's learning-rate schedule, sized to <paramref name="totalSteps"/> steps, or
    /// <see langword="null"/> for a constant rate.
    /// </summary>
    /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
    /// <param name="recipe">The recipe.</param>
    /// <param name="totalSteps">The number of optimizer steps of the run.</param>
    /// <returns>The schedule, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The recipe's schedule is unknown.</exception>
    public static LearningRateScheduler? CreateScheduler(optim.Optimizer optimizer, TrainingRecipe recipe, int totalSteps) => recipe.Schedule switch
    {
        LearningRateSchedule.Constant => null,
        LearningRateSchedule.CosineWithWarmup => new CosineAnnealingWithWarmup(
            optimizer,
            warmupSteps: (int)Math.Round(recipe.WarmupFraction * totalSteps, MidpointRounding.AwayFromZero),
            totalSteps: totalSteps,
            minLearningRate: recipe.LearningRate * recipe.MinLearningRateFraction),
        LearningRateSchedule.OneCycle => new OneCycleLR(optimizer, recipe.LearningRate, totalSteps),
        _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Schedule, "Unknown learning-rate schedule."),
    };
}
