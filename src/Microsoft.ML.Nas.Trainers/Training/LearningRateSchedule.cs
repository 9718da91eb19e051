namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>How the learning rate changes over a training run; every schedule is stepped once per mini-batch.</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays at <see cref="TrainingRecipe.LearningRate"/>.</summary>
    Constant,

    /// <summary>
    /// Linear warm-up over <see cref="TrainingRecipe.WarmupFraction"/> of the steps, then cosine annealing to
    /// <see cref="TrainingRecipe.MinLearningRateFraction"/> of the peak (<see cref="Torch.Optim.CosineAnnealingWithWarmup"/>).
    /// </summary>
    CosineWithWarmup,

    /// <summary>
    /// The one-cycle policy peaking at <see cref="TrainingRecipe.LearningRate"/> (<see cref="Torch.Optim.OneCycleLR"/>,
    /// PyTorch's defaults; the momentum is cycled too).
    /// </summary>
    OneCycle,
}
