namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// One optimizer a <see cref="TrainingRecipeSpace"/> may choose, with its own log-uniform ranges of learning rate and
/// weight decay: the scales that work differ by orders of magnitude between SGD and Adam, so each optimizer carries its
/// own (a conditional sub-space of the optimizer choice).
/// </summary>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="LearningRate">
/// The learning rates to search (log-uniform; both bounds positive), or <see langword="null"/> for the optimizer's
/// default (<see cref="TrainingRecipe.DefaultLearningRate"/>, or the space's <see cref="TrainingRecipeSpace.Defaults"/>
/// when they use the same optimizer).
/// </param>
/// <param name="WeightDecay">
/// The weight decays to search (log-uniform; both bounds positive), or <see langword="null"/> for the optimizer's
/// default (as for the learning rate).
/// </param>
public sealed record OptimizerChoice(OptimizerKind Optimizer, SearchRange? LearningRate = null, SearchRange? WeightDecay = null)
{
    /// <summary>Gets SGD with Nesterov momentum, learning rate in [0.01, 0.5] and weight decay in [1e-5, 1e-3].</summary>
    public static OptimizerChoice Sgd { get; } = new(OptimizerKind.Sgd, new SearchRange(0.01, 0.5), new SearchRange(1e-5, 1e-3));

    /// <summary>Gets Adam with learning rate in [1e-4, 1e-2] and L2 weight decay in [1e-6, 1e-4].</summary>
    public static OptimizerChoice Adam { get; } = new(OptimizerKind.Adam, new SearchRange(1e-4, 1e-2), new SearchRange(1e-6, 1e-4));

    /// <summary>Gets AdamW with learning rate in [1e-4, 1e-2] and decoupled weight decay in [1e-3, 0.2].</summary>
    public static OptimizerChoice AdamW { get; } = new(OptimizerKind.AdamW, new SearchRange(1e-4, 1e-2), new SearchRange(1e-3, 0.2));

    /// <summary>The option key of the optimizer's name in a conditional choice (the choice's own value key).</summary>
    internal string Name => Optimizer switch
    {
        OptimizerKind.Sgd => "sgd",
        OptimizerKind.Adam => "adam",
        OptimizerKind.AdamW => "adamw",
        _ => throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer."),
    };
}
