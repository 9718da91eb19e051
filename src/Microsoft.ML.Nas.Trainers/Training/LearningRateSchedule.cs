namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>How the learning rate changes over a training run; every schedule is stepped once per mini-batch.</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays at <see cref="TrainingRecipe.LearningRate"/>.</summary>
    Constant,

    /// <summary>
    /// Linear warm-up over <see cref="TrainingRecipe.WarmupFraction"/> of the steps, then cosine annealing to
    /// <see cref="TrainingRecipe.MinLearningRateFraction"/> of the peak (NasML's own schedule on TorchSharp's <c>LRScheduler</c>).
    /// </summary>
    CosineWithWarmup,

    /// <summary>
    /// The one-cycle policy peaking at <see cref="TrainingRecipe.LearningRate"/> (PyTorch's <c>OneCycleLR</c> with its
    /// defaults, step for step; the momentum is cycled too).
    /// </summary>
    OneCycle,
}
