using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Linear warm-up to the base learning rate, then cosine annealing down to a minimum.</summary>
/// <remarks>
/// <para>
/// Cosine annealing from "SGDR: Stochastic Gradient Descent with Warm Restarts" (Loshchilov and Hutter, 2017,
/// https://arxiv.org/abs/1608.03983), here a single cycle without restarts (PyTorch's <c>CosineAnnealingLR</c>),
/// preceded by the linear warm-up of "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour" (Goyal et al.,
/// 2017, https://arxiv.org/abs/1706.02677). With base learning rate η, warm-up W and total T steps, at step t:
/// <code>
/// t &lt; W:  lr = η · (t + 1) / W
/// t ≥ W:  lr = ηmin + (η − ηmin) · (1 + cos(π · min(1, (t − W) / (T − W)))) / 2
/// </code>
/// so the first step already trains, the warm-up ends at η, and the rate reaches ηmin after T steps and stays there.
/// </para>
/// </remarks>
internal sealed class CosineAnnealingWithWarmup : LearningRateScheduler
{
    /// <summary>Initializes the schedule and applies its first learning rate.</summary>
    /// <param name="optimizer">The optimizer; its current learning rate of group 0 is the peak η.</param>
    /// <param name="warmupSteps">The number of warm-up steps W; 0 for none.</param>
    /// <param name="totalSteps">The total number of steps T (warm-up included); at least <paramref name="warmupSteps"/> and positive.</param>
    /// <param name="minLearningRate">The final learning rate ηmin of group 0 (other groups scale it); 0 by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step count or <paramref name="minLearningRate"/> is out of range.</exception>
    public CosineAnnealingWithWarmup(torch.optim.Optimizer optimizer, int warmupSteps, int totalSteps, double minLearningRate = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, warmupSteps);
        if (!double.IsFinite(minLearningRate) || minLearningRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "minLearningRate must be a finite number >= 0.");
        }

        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinLearningRate = minLearningRate;
        Start();
    }

    /// <summary>Gets the number of warm-up steps.</summary>
    public int WarmupSteps { get; }

    /// <summary>Gets the total number of steps, warm-up included.</summary>
    public int TotalSteps { get; }

    /// <summary>Gets the final learning rate of group 0.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc/>
    protected override double LearningRateAt(int step)
    {
        if (step < WarmupSteps)
        {
            return BaseLearningRate * (step + 1) / WarmupSteps;
        }

        var annealSteps = TotalSteps - WarmupSteps;
        var progress = annealSteps == 0 ? 1 : Math.Min(1.0, (double)(step - WarmupSteps) / annealSteps);
        return MinLearningRate + ((BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
