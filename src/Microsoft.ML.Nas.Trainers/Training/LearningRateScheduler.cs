using System.Globalization;
using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// A learning-rate schedule defined step by step, on TorchSharp's <see cref="torch.optim.lr_scheduler.LRScheduler"/>:
/// the schedule's value for step 0 is applied on construction, and every <c>step()</c> (once per mini-batch in
/// <see cref="CandidateTrainer"/>) advances to the next value.
/// </summary>
/// <remarks>
/// <para>
/// A schedule defines the learning rate of parameter group 0. Every other group follows it in proportion to its
/// learning rate when the schedule was created: group g gets <c>lr₀(t) · base_g / base₀</c> (all groups get lr₀(t)
/// when base₀ is 0). Absolute values of a schedule, such as a minimum learning rate, therefore scale with the group
/// too. A schedule may also set the momentum of every group (SGD's momentum, Adam's β1).
/// </para>
/// <para>
/// NasML owns these schedules instead of using TorchSharp's <c>OneCycleLR</c> because TorchSharp 0.107's version picks
/// the phase of every group after the first by comparing the group's index with the phase count, so a second group
/// (the trainer's biases and normalisation parameters) oscillates through the first phase.
/// </para>
/// </remarks>
internal abstract class LearningRateScheduler : torch.optim.lr_scheduler.LRScheduler
{
    private readonly torch.optim.ILearningRateController[] _groups;
    private readonly double[] _ratios;

    /// <summary>Captures the optimizer's current learning rates as the schedule's base.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are scheduled.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The optimizer has no parameter group.</exception>
    protected LearningRateScheduler(torch.optim.Optimizer optimizer)
        : base(optimizer ?? throw new ArgumentNullException(nameof(optimizer)), last_epoch: -1, verbose: false)
    {
        _groups = [.. optimizer.ParamGroups];
        if (_groups.Length == 0)
        {
            throw new ArgumentException("The optimizer has no parameter group.", nameof(optimizer));
        }

        BaseLearningRate = _groups[0].LearningRate;
        _ratios = new double[_groups.Length];
        for (var index = 0; index < _groups.Length; index++)
        {
            _ratios[index] = BaseLearningRate == 0 ? 1 : _groups[index].LearningRate / BaseLearningRate;
        }
    }

    /// <summary>Gets the learning rate of group 0 when the schedule was created.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Gets the number of <c>step()</c> calls so far (PyTorch's <c>last_epoch</c>).</summary>
    public int StepCount { get; private set; }

    /// <summary>Gets the learning rate the schedule set on group 0 for the current step.</summary>
    public double LearningRate { get; private set; }

    /// <summary>Gets the last step index the schedule defines; <see cref="int.MaxValue"/> for an endless schedule.</summary>
    protected virtual int MaximumStep => int.MaxValue;

    /// <summary>Advances the schedule by one step and applies its learning rate (and momentum) to every group.</summary>
    /// <param name="epoch">Must be <see langword="null"/>: NasML's schedules advance one step at a time.</param>
    /// <exception cref="NotSupportedException"><paramref name="epoch"/> is given.</exception>
    /// <exception cref="InvalidOperationException">The schedule has a fixed length and has ended.</exception>
    public sealed override void step(int? epoch)
    {
        if (epoch is not null)
        {
            throw new NotSupportedException("NasML's learning-rate schedules advance one step at a time; call step() without an epoch.");
        }

        if (StepCount >= MaximumStep)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"Tried to step {StepCount + 1} times; the schedule ends after {MaximumStep} steps."));
        }

        StepCount++;
        base.step(null);
    }

    /// <summary>Computes group 0's learning rate at <paramref name="step"/> (0 on construction).</summary>
    /// <param name="step">The step index.</param>
    /// <returns>The learning rate.</returns>
    protected abstract double LearningRateAt(int step);

    /// <summary>Computes the momentum (SGD momentum, Adam β1) at <paramref name="step"/>, or null to leave it alone.</summary>
    /// <param name="step">The step index.</param>
    /// <returns>The momentum for every group, or <see langword="null"/>.</returns>
    protected virtual double? MomentumAt(int step) => null;

    /// <summary>Applies step 0; derived constructors call it last, once their settings are in place.</summary>
    protected void Start() => base.step(null);

    /// <inheritdoc/>
    protected sealed override IEnumerable<double> get_lr()
    {
        LearningRate = LearningRateAt(StepCount);
        if (MomentumAt(StepCount) is { } momentum)
        {
            foreach (var group in _groups)
            {
                switch (group)
                {
                    case torch.optim.IBetas betas:
                        betas.Betas = (momentum, betas.Betas.Item2);
                        break;
                    case torch.optim.IMomentum withMomentum:
                        withMomentum.Momentum = momentum;
                        break;
                }
            }
        }

        var rates = new double[_ratios.Length];
        for (var index = 0; index < rates.Length; index++)
        {
            rates[index] = LearningRate * _ratios[index];
        }

        return rates;
    }
}
