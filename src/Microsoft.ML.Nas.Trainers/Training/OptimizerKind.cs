namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>The optimizer a <see cref="TrainingRecipe"/> trains with.</summary>
public enum OptimizerKind
{
    /// <summary>
    /// Stochastic gradient descent with momentum (<see cref="TrainingRecipe.Momentum"/>, Nesterov by default) and L2
    /// weight decay (TorchSharp's <c>torch.optim.SGD</c>).
    /// </summary>
    Sgd,

    /// <summary>Adam with L2 weight decay coupled to the gradient (TorchSharp's <c>torch.optim.Adam</c>).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (TorchSharp's <c>torch.optim.AdamW</c>).</summary>
    AdamW,
}
