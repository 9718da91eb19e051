namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>
/// Multiplies the learning rate by <see cref="Gamma"/> every <see cref="StepSize"/> steps
/// (<c>torch.optim.lr_scheduler.StepLR</c>): <c>lr(t) = base · gamma^⌊t / stepSize⌋</c>.
/// </summary>
public sealed class StepLR : LearningRateScheduler
{
    /// <summary>Initializes the schedule and applies its first learning rate (the optimizer's current one).</summary>
    /// <param name="optimizer">The optimizer whose learning rates are scheduled.</param>
    /// <param name="stepSize">The number of steps between decays; positive.</param>
    /// <param name="gamma">The decay factor; finite and not negative; 0.1 by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> or <paramref name="gamma"/> is out of range.</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        OptimizerValidation.FiniteNotNegative(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
        Apply();
    }

    /// <summary>Gets the number of steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>Gets the decay factor.</summary>
    public double Gamma { get; }

    private protected override double LearningRateAt(int step) => BaseLearningRate * Math.Pow(Gamma, step / StepSize);
}
