using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Scheduling;

/// <summary>
/// Asynchronous successive halving (ASHA): stops a trial at a rung when its value is not in the best 1/η of the values
/// recorded at that rung so far; optionally several Hyperband brackets.
/// </summary>
/// <remarks>
/// <para>
/// Li, Jamieson, Rostamizadeh, Gonina, Ben-tzur, Hardt, Recht and Talwalkar, "A System for Massively Parallel
/// Hyperparameter Tuning", MLSys 2020, https://arxiv.org/abs/1810.05934. Brackets follow Li, Jamieson, DeSalvo,
/// Rostamizadeh and Talwalkar, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization", JMLR 2018,
/// https://arxiv.org/abs/1603.06560.
/// </para>
/// <para>
/// Rungs of bracket s are at fidelities r·η^(s+k), k = 0, 1, ..., below the maximum fidelity R (r the minimum
/// fidelity, η the reduction factor). Trial i belongs to bracket i mod B. When a trial first reports a fidelity at or past
/// a rung's fidelity, its value joins that rung's values; with n values at the rung the trial goes on if its value is
/// at most the ⌊n/η⌋-th smallest (the smallest when ⌊n/η⌋ = 0), otherwise it stops. This is the early-stopping form
/// of ASHA (the paper's promotions without pausing trials, as in Ray Tune's ASHA and Optuna's
/// SuccessiveHalvingPruner): trials run one after another and are never resumed, so a trial that would be promoted
/// simply keeps running. Every trial may run to <see cref="MaxFidelity"/>. NaN values count as the worst.
/// </para>
/// </remarks>
public sealed class AshaScheduler : ITrialScheduler
{
    private const double RelativeTolerance = 1e-9;

    private readonly Bracket[] _brackets;
    private readonly Dictionary<int, int> _nextRungByTrial = [];

    /// <summary>Initializes a new instance of the <see cref="AshaScheduler"/> class.</summary>
    /// <param name="minFidelity">The fidelity of the lowest rung (for example 1 epoch); positive.</param>
    /// <param name="maxFidelity">The fidelity a surviving trial runs to; at least <paramref name="minFidelity"/>.</param>
    /// <param name="reductionFactor">η: the fraction 1/η of trials goes on at each rung; at least 2; default 3.</param>
    /// <param name="numberOfBrackets">The number of Hyperband brackets; at least 1; default 1 (plain ASHA).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range or not finite.</exception>
    public AshaScheduler(double minFidelity, double maxFidelity, double reductionFactor = 3, int numberOfBrackets = 1)
    {
        if (!double.IsFinite(minFidelity) || minFidelity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minFidelity), minFidelity, "The minimum fidelity must be finite and positive.");
        }

        if (!double.IsFinite(maxFidelity) || maxFidelity < minFidelity)
        {
            throw new ArgumentOutOfRangeException(nameof(maxFidelity), maxFidelity, $"The maximum fidelity must be finite and at least the minimum fidelity {minFidelity}.");
        }

        if (!double.IsFinite(reductionFactor) || reductionFactor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(reductionFactor), reductionFactor, "The reduction factor η must be finite and at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfBrackets, 1);

        MinFidelity = minFidelity;
        MaxFidelity = maxFidelity;
        ReductionFactor = reductionFactor;
        NumberOfBrackets = numberOfBrackets;
        _brackets = new Bracket[numberOfBrackets];
        for (var bracket = 0; bracket < numberOfBrackets; bracket++)
        {
            _brackets[bracket] = new Bracket(minFidelity * Math.Pow(reductionFactor, bracket), maxFidelity, reductionFactor);
        }
    }

    /// <summary>Gets the fidelity of the lowest rung.</summary>
    public double MinFidelity { get; }

    /// <summary>Gets the fidelity a surviving trial runs to.</summary>
    public double MaxFidelity { get; }

    /// <summary>Gets η, the reduction factor.</summary>
    public double ReductionFactor { get; }

    /// <summary>Gets the number of Hyperband brackets.</summary>
    public int NumberOfBrackets { get; }

    /// <summary>Gets the rung fidelities of a bracket, lowest first (for inspection and tests).</summary>
    /// <param name="bracket">The bracket index, from 0 to <see cref="NumberOfBrackets"/> − 1.</param>
    /// <returns>The rung fidelities; empty when the bracket starts at the maximum fidelity.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bracket"/> is out of range.</exception>
    public IReadOnlyList<double> GetRungFidelities(int bracket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bracket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bracket, NumberOfBrackets);
        return _brackets[bracket].Fidelities;
    }

    /// <inheritdoc/>
    public double? GetFidelity(int trialId) => MaxFidelity;

    /// <inheritdoc/>
    public SchedulerDecision ReportIntermediate(int trialId, double fidelity, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trialId);
        var bracket = _brackets[trialId % _brackets.Length];
        _nextRungByTrial.TryGetValue(trialId, out var nextRung);
        var decision = SchedulerDecision.Continue;
        var comparable = double.IsNaN(value) ? double.PositiveInfinity : value;
        while (nextRung < bracket.Fidelities.Length && fidelity >= bracket.Fidelities[nextRung] * (1 - RelativeTolerance))
        {
            var promotable = bracket.Record(nextRung, comparable);
            nextRung++;
            if (!promotable)
            {
                decision = SchedulerDecision.Stop;
                break;
            }
        }

        _nextRungByTrial[trialId] = nextRung;
        return decision;
    }

    /// <inheritdoc/>
    public void ReportFinished(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _nextRungByTrial.Remove(result.TrialSettings.TrialId);
    }

    private sealed class Bracket
    {
        private readonly List<double>[] _sortedValuesByRung;
        private readonly double _reductionFactor;

        public Bracket(double minFidelity, double maxFidelity, double reductionFactor)
        {
            _reductionFactor = reductionFactor;
            var fidelities = new List<double>();
            for (var fidelity = minFidelity; fidelity < maxFidelity * (1 - RelativeTolerance); fidelity *= reductionFactor)
            {
                fidelities.Add(fidelity);
            }

            Fidelities = [.. fidelities];
            _sortedValuesByRung = [.. fidelities.Select(_ => new List<double>())];
        }

        public double[] Fidelities { get; }

        /// <summary>Adds a value to a rung and returns whether it is in the rung's top ⌊n/η⌋ (at least the best).</summary>
        public bool Record(int rung, double value)
        {
            var values = _sortedValuesByRung[rung];
            var index = values.BinarySearch(value);
            values.Insert(index < 0 ? ~index : index, value);
            var promotableCount = Math.Max(1, (int)Math.Floor(values.Count / _reductionFactor));
            return value <= values[promotableCount - 1];
        }
    }
}
