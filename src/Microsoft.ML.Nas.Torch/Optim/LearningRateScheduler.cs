namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>
/// Sets an optimizer's learning rate from a schedule, as <c>torch.optim.lr_scheduler</c>: the schedule's value for
/// step 0 is applied on construction, and every <see cref="Step"/> (once per iteration or per epoch, as the schedule
/// was sized) advances to the next value.
/// </summary>
/// <remarks>
/// <para>
/// A schedule defines the learning rate of parameter group 0. Every other group follows it in proportion to its
/// learning rate when the schedule was created: group g gets <c>lr₀(t) · base_g / base₀</c> (all groups get lr₀(t)
/// when base₀ is 0). Absolute values of a schedule, such as a minimum learning rate, therefore scale with the group
/// too.
/// </para>
/// <para>Typical use: <c>optimizer.Step(); scheduler.Step();</c> after each batch.</para>
/// </remarks>
public abstract class LearningRateScheduler
{
    private readonly double[] _ratios;

    /// <summary>Captures the optimizer's current learning rates as the schedule's base.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are scheduled.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    private protected LearningRateScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        var groups = optimizer.ParameterGroups;
        BaseLearningRate = groups[0].LearningRate;
        _ratios = new double[groups.Count];
        for (var index = 0; index < groups.Count; index++)
        {
            _ratios[index] = BaseLearningRate == 0 ? 1 : groups[index].LearningRate / BaseLearningRate;
        }
    }

    /// <summary>Gets the optimizer whose learning rates are scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Gets the learning rate of group 0 when the schedule was created.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Gets the number of <see cref="Step"/> calls so far (PyTorch's <c>last_epoch</c>).</summary>
    public int StepCount { get; private set; }

    /// <summary>Gets the learning rate the schedule set on group 0 for the current step.</summary>
    public double LearningRate { get; private set; }

    /// <summary>Advances the schedule by one step and applies its learning rate to every group.</summary>
    /// <exception cref="InvalidOperationException">The schedule has a fixed length and has ended.</exception>
    /// <exception cref="ObjectDisposedException">The optimizer was disposed.</exception>
    public void Step()
    {
        if (StepCount >= MaximumStep)
        {
            throw new InvalidOperationException(
                $"Tried to step {StepCount + 1} times; the schedule ends after {MaximumStep} steps.");
        }

        StepCount++;
        Apply();
    }

    /// <summary>Gets the last step index the schedule defines; <see cref="int.MaxValue"/> for an endless schedule.</summary>
    private protected virtual int MaximumStep => int.MaxValue;

    /// <summary>Computes group 0's learning rate at <paramref name="step"/> (0 on construction).</summary>
    /// <param name="step">The step index.</param>
    /// <returns>The learning rate.</returns>
    private protected abstract double LearningRateAt(int step);

    /// <summary>Computes the momentum (SGD momentum, Adam beta1) at <paramref name="step"/>, or null to leave it alone.</summary>
    /// <param name="step">The step index.</param>
    /// <returns>The momentum for every group, or <see langword="null"/>.</returns>
    private protected virtual double? MomentumAt(int step) => null;

    /// <summary>Applies the current step's values; derived constructors call it last, to apply step 0.</summary>
    private protected void Apply()
    {
        LearningRate = LearningRateAt(StepCount);
        var groups = Optimizer.ParameterGroups;
        for (var index = 0; index < groups.Count; index++)
        {
            groups[index].LearningRate = LearningRate * _ratios[index];
        }

        if (MomentumAt(StepCount) is { } momentum)
        {
            foreach (var group in groups)
            {
                group.Momentum = momentum;
            }
        }
    }
}
