using System.Globalization;

namespace Microsoft.ML.Nas.Constraints;

/// <summary>An upper bound on one named cost, with the policy for candidates over the bound. Immutable.</summary>
public sealed class CostConstraint
{
    /// <summary>Initializes a new instance of the <see cref="CostConstraint"/> class.</summary>
    /// <param name="costName">The cost's name, for example <see cref="CostNames.Parameters"/>.</param>
    /// <param name="maxValue">The largest allowed value (inclusive); finite and not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <param name="penaltyWeight">
    /// The weight of the relative excess added to the loss under <see cref="ConstraintPolicy.Penalty"/>; default 1;
    /// finite and not negative.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="costName"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is negative or not finite, or the policy is unknown.</exception>
    public CostConstraint(string costName, double maxValue, ConstraintPolicy policy = ConstraintPolicy.Reject, double penaltyWeight = 1.0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(costName);
        if (!double.IsFinite(maxValue) || maxValue < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, $"The limit on '{costName}' must be finite and not negative.");
        }

        if (!double.IsFinite(penaltyWeight) || penaltyWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(penaltyWeight), penaltyWeight, "The penalty weight must be finite and not negative.");
        }

        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown constraint policy.");
        }

        CostName = costName;
        MaxValue = maxValue;
        Policy = policy;
        PenaltyWeight = penaltyWeight;
    }

    /// <summary>Gets the name of the constrained cost.</summary>
    public string CostName { get; }

    /// <summary>Gets the largest allowed value (inclusive).</summary>
    public double MaxValue { get; }

    /// <summary>Gets what the experiment does with a candidate over the limit.</summary>
    public ConstraintPolicy Policy { get; }

    /// <summary>Gets the weight of the relative excess under <see cref="ConstraintPolicy.Penalty"/>.</summary>
    public double PenaltyWeight { get; }

    /// <summary>Returns whether <paramref name="value"/> is within the limit.</summary>
    /// <param name="value">A cost value.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is at most <see cref="MaxValue"/>; NaN is never within.</returns>
    public bool IsSatisfiedBy(double value) => value <= MaxValue;

    /// <summary>Gets the penalty <see cref="ConstraintPolicy.Penalty"/> adds to the loss for <paramref name="value"/>.</summary>
    /// <param name="value">A cost value.</param>
    /// <returns>0 within the limit, otherwise the weighted relative excess; infinity for NaN.</returns>
    public double PenaltyFor(double value)
    {
        if (double.IsNaN(value))
        {
            return double.PositiveInfinity;
        }

        if (value <= MaxValue)
        {
            return 0.0;
        }

        var excess = MaxValue > 0 ? (value - MaxValue) / MaxValue : value - MaxValue;
        return PenaltyWeight * excess;
    }

    /// <summary>Returns a new constraint equal to this one with another policy.</summary>
    /// <param name="policy">The new policy.</param>
    /// <param name="penaltyWeight">The new penalty weight; default 1.</param>
    /// <returns>The new constraint.</returns>
    public CostConstraint WithPolicy(ConstraintPolicy policy, double penaltyWeight = 1.0) => new(CostName, MaxValue, policy, penaltyWeight);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{CostName} <= {MaxValue:G} ({Policy})");
}
