using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// The one-cycle policy (<c>torch.optim.lr_scheduler.OneCycleLR</c>): the learning rate rises from
/// maxLr / divFactor to maxLr, then anneals to maxLr / (divFactor · finalDivFactor), while the momentum (SGD momentum,
/// Adam β1) moves the opposite way between <see cref="MaxMomentum"/> and <see cref="BaseMomentum"/>.
/// </summary>
/// <remarks>
/// <para>
/// "A disciplined approach to neural network hyper-parameters: Part 1 — learning rate, batch size, momentum, and
/// weight decay" (Smith, 2018, https://arxiv.org/abs/1803.09820); PyTorch's variant, step for step. With
/// η₀ = maxLr / divFactor, ηmin = η₀ / finalDivFactor, N = totalSteps and p = pctStart, the phases end at steps
/// <code>
/// two phases:   p·N − 1 (η₀ → maxLr, maxMomentum → baseMomentum), N − 1 (maxLr → ηmin, baseMomentum → maxMomentum)
/// three phases: p·N − 1 (η₀ → maxLr), 2p·N − 2 (maxLr → η₀), N − 1 (η₀ → ηmin, momentum stays at maxMomentum)
/// </code>
/// and within a phase from step s₀ to s₁ the value at step t anneals from start to end with pct = (t − s₀)/(s₁ − s₀).
/// The schedule defines steps 0 to N; stepping further throws, as in PyTorch. At step N (reached by the N-th
/// <c>step()</c>, after the last training step) pct exceeds 1; PyTorch then extrapolates, which with linear annealing
/// can leave the cycle's range and even give a negative learning rate. Here values are clamped to the range the cycle
/// spans, which changes only that extrapolated linear step; every other value equals PyTorch's.
/// </para>
/// <para>
/// The learning rate above is group 0's; other groups scale it by their base ratio (see
/// <see cref="LearningRateScheduler"/>), which equals PyTorch's behaviour with a per-group <c>max_lr</c> list of
/// maxLr · base_g / base₀. The momentum is the same for every group. With <c>cycleMomentum</c> the optimizer's momentum
/// is overwritten from the start, as in PyTorch.
/// </para>
/// </remarks>
internal sealed class OneCycleLR : LearningRateScheduler
{
    private readonly (double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum)[] _phases;
    private readonly double _lowestLearningRate;
    private readonly double _highestLearningRate;

    /// <summary>Initializes the schedule and applies its first learning rate (and momentum).</summary>
    /// <param name="optimizer">The optimizer; group 0 gets the schedule below, other groups in proportion to their learning rate.</param>
    /// <param name="maxLearningRate">The peak learning rate; positive and finite.</param>
    /// <param name="totalSteps">The number of steps in the cycle N; positive.</param>
    /// <param name="pctStart">The fraction of the cycle spent increasing the learning rate, in [0, 1]; 0.3 by default.</param>
    /// <param name="annealStrategy">How values move within a phase; cosine by default.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum inversely to the learning rate; on by default.</param>
    /// <param name="baseMomentum">The lowest momentum (at the learning-rate peak); 0.85 by default.</param>
    /// <param name="maxMomentum">The highest momentum (at the ends); 0.95 by default.</param>
    /// <param name="divFactor">The initial learning rate is maxLearningRate / divFactor; 25 by default.</param>
    /// <param name="finalDivFactor">The final learning rate is the initial one / finalDivFactor; 1e4 by default.</param>
    /// <param name="threePhase">Whether to anneal back to the initial rate before the final decay; off by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named in the exception).</exception>
    public OneCycleLR(
        torch.optim.Optimizer optimizer,
        double maxLearningRate,
        int totalSteps,
        double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cosine,
        bool cycleMomentum = true,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95,
        double divFactor = 25,
        double finalDivFactor = 1e4,
        bool threePhase = false)
        : base(optimizer)
    {
        RequirePositive(maxLearningRate, nameof(maxLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must lie in [0, 1].");
        }

        if (!Enum.IsDefined(annealStrategy))
        {
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "Unknown anneal strategy.");
        }

        RequireNotNegative(baseMomentum, nameof(baseMomentum));
        RequireNotNegative(maxMomentum, nameof(maxMomentum));
        RequirePositive(divFactor, nameof(divFactor));
        RequirePositive(finalDivFactor, nameof(finalDivFactor));
        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        AnnealStrategy = annealStrategy;
        CycleMomentum = cycleMomentum;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        var initial = maxLearningRate / divFactor;
        var minimum = initial / finalDivFactor;
        _lowestLearningRate = Math.Min(Math.Min(initial, minimum), maxLearningRate);
        _highestLearningRate = Math.Max(Math.Max(initial, minimum), maxLearningRate);
        _phases = threePhase
            ?
            [
                ((pctStart * totalSteps) - 1, initial, maxLearningRate, maxMomentum, baseMomentum),
                ((2 * pctStart * totalSteps) - 2, maxLearningRate, initial, baseMomentum, maxMomentum),
                (totalSteps - 1, initial, minimum, maxMomentum, maxMomentum),
            ]
            :
            [
                ((pctStart * totalSteps) - 1, initial, maxLearningRate, maxMomentum, baseMomentum),
                (totalSteps - 1, maxLearningRate, minimum, baseMomentum, maxMomentum),
            ];
        Start();
    }

    /// <summary>Gets the peak learning rate of group 0.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>Gets how values move within a phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Gets a value indicating whether the momentum is cycled.</summary>
    public bool CycleMomentum { get; }

    /// <summary>Gets the lowest momentum, reached at the learning-rate peak.</summary>
    public double BaseMomentum { get; }

    /// <summary>Gets the highest momentum, at the start and the end of the cycle.</summary>
    public double MaxMomentum { get; }

    /// <inheritdoc/>
    protected override int MaximumStep => TotalSteps;

    /// <inheritdoc/>
    protected override double LearningRateAt(int step)
    {
        var (phase, pct) = Locate(step);
        return Math.Clamp(Anneal(phase.StartLr, phase.EndLr, pct), _lowestLearningRate, _highestLearningRate);
    }

    /// <inheritdoc/>
    protected override double? MomentumAt(int step)
    {
        if (!CycleMomentum)
        {
            return null;
        }

        var (phase, pct) = Locate(step);
        return Math.Clamp(
            Anneal(phase.StartMomentum, phase.EndMomentum, pct),
            Math.Min(BaseMomentum, MaxMomentum),
            Math.Max(BaseMomentum, MaxMomentum));
    }

    private static void RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0.");
        }
    }

    private static void RequireNotNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
        }
    }

    private ((double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum) Phase, double Pct) Locate(int step)
    {
        // As PyTorch: the first phase whose end is not before the step (or the last one); pct is measured from the
        // previous phase's end step (from 0 for the first).
        double start = 0;
        for (var index = 0; index < _phases.Length; index++)
        {
            var phase = _phases[index];
            if (step <= phase.EndStep || index == _phases.Length - 1)
            {
                return (phase, (step - start) / (phase.EndStep - start));
            }

            start = phase.EndStep;
        }

        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private double Anneal(double start, double end, double pct) =>
        AnnealStrategy == AnnealStrategy.Cosine
            ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1))
            : ((end - start) * pct) + start;
}
