namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>The optimizer a <see cref="TrainingRecipe"/> trains with.</summary>
public enum OptimizerKind
{
    /// <summary>
    /// Stochastic gradient descent with momentum (<see cref="TrainingRecipe.Momentum"/>, Nesterov by default) and L2
    /// weight decay (<see cref="Torch.Optim.Sgd"/>).
    /// </summary>
    Sgd,

    /// <summary>Adam with L2 weight decay coupled to the gradient (<see cref="Torch.Optim.Adam"/>).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (<see cref="Torch.Optim.AdamW"/>).</summary>
    AdamW,
}
