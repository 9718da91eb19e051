using System.Globalization;
using System.Text;

namespace Microsoft.ML.Nas.Constraints;

/// <summary>Applies a set of <see cref="CostConstraint"/>s to estimated and measured costs, and tracks runs of rejections.</summary>
internal sealed class ConstraintEvaluator
{
    private readonly CostConstraint[] _rejectConstraints;
    private readonly CostConstraint[] _penaltyConstraints;
    private readonly double[] _smallestValueInStreak;

    public ConstraintEvaluator(IReadOnlyList<CostConstraint> constraints)
    {
        _rejectConstraints = [.. constraints.Where(c => c.Policy == ConstraintPolicy.Reject)];
        _penaltyConstraints = [.. constraints.Where(c => c.Policy == ConstraintPolicy.Penalty)];
        ObjectiveConstraints = [.. constraints.Where(c => c.Policy == ConstraintPolicy.Objective)];
        _smallestValueInStreak = new double[_rejectConstraints.Length];
        ResetStreak();
    }

    /// <summary>Gets the constraints whose costs are extra objectives, in order.</summary>
    public IReadOnlyList<CostConstraint> ObjectiveConstraints { get; }

    /// <summary>Gets the number of rejections since the last feasible candidate.</summary>
    public int ConsecutiveRejections { get; private set; }

    /// <summary>
    /// Checks the reject-policy constraints against estimated costs. Returns <see langword="null"/> when feasible,
    /// otherwise a message naming every violated cost with its value and limit (and counts the rejection).
    /// </summary>
    public string? CheckRejection(IReadOnlyDictionary<string, double> estimatedCosts)
    {
        StringBuilder? message = null;
        for (var index = 0; index < _rejectConstraints.Length; index++)
        {
            var constraint = _rejectConstraints[index];
            if (!estimatedCosts.TryGetValue(constraint.CostName, out var value))
            {
                throw new InvalidOperationException(
                    $"The cost model did not estimate '{constraint.CostName}', which the constraint '{constraint}' needs; " +
                    $"it estimated: {(estimatedCosts.Count == 0 ? "nothing" : string.Join(", ", estimatedCosts.Keys))}.");
            }

            if (!(value >= _smallestValueInStreak[index]) && !double.IsNaN(value))
            {
                _smallestValueInStreak[index] = value;
            }

            if (!constraint.IsSatisfiedBy(value))
            {
                message ??= new StringBuilder("Rejected by constraints: ");
                if (message.Length > "Rejected by constraints: ".Length)
                {
                    message.Append("; ");
                }

                message.Append(CultureInfo.InvariantCulture, $"cost '{constraint.CostName}' = {value:G} exceeds the limit {constraint.MaxValue:G}");
            }
        }

        if (message is null)
        {
            ResetStreak();
            return null;
        }

        ConsecutiveRejections++;
        return message.Append('.').ToString();
    }

    /// <summary>Counts a rejection read back from a stored history (its costs update the smallest values seen).</summary>
    public void ReplayRejection(IReadOnlyDictionary<string, double> estimatedCosts)
    {
        for (var index = 0; index < _rejectConstraints.Length; index++)
        {
            if (estimatedCosts.TryGetValue(_rejectConstraints[index].CostName, out var value) && value < _smallestValueInStreak[index])
            {
                _smallestValueInStreak[index] = value;
            }
        }

        ConsecutiveRejections++;
    }

    /// <summary>Forgets the current run of rejections (a feasible candidate was found).</summary>
    public void ResetStreak()
    {
        ConsecutiveRejections = 0;
        Array.Fill(_smallestValueInStreak, double.PositiveInfinity);
    }

    /// <summary>Builds the exception for a run of rejections that reached the limit.</summary>
    public InfeasibleConstraintsException CreateInfeasibleException()
    {
        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"No feasible candidate in {ConsecutiveRejections} consecutive proposals.");
        var hardestIndex = -1;
        var hardestRatio = double.NegativeInfinity;
        for (var index = 0; index < _rejectConstraints.Length; index++)
        {
            var constraint = _rejectConstraints[index];
            var smallest = _smallestValueInStreak[index];
            if (constraint.IsSatisfiedBy(smallest))
            {
                continue;
            }

            builder.Append(CultureInfo.InvariantCulture, $" Constraint '{constraint.CostName}' <= {constraint.MaxValue:G} was never met: the smallest '{constraint.CostName}' seen was {smallest:G}.");
            var ratio = constraint.MaxValue > 0 ? smallest / constraint.MaxValue : double.PositiveInfinity;
            if (ratio > hardestRatio || hardestIndex < 0)
            {
                hardestRatio = ratio;
                hardestIndex = index;
            }
        }

        if (hardestIndex < 0)
        {
            builder.Append(" Each constraint was met by some candidate, but never all at once: ");
            builder.AppendJoin(", ", _rejectConstraints.Select((c, i) =>
                string.Create(CultureInfo.InvariantCulture, $"'{c.CostName}' <= {c.MaxValue:G} (smallest seen {_smallestValueInStreak[i]:G})")));
            builder.Append('.');
            hardestIndex = 0;
        }

        builder.Append(" Relax the constraints, or change the search space or the cost model.");
        var hardest = _rejectConstraints[hardestIndex];
        return new InfeasibleConstraintsException(
            builder.ToString(), hardest.CostName, hardest.MaxValue, _smallestValueInStreak[hardestIndex], ConsecutiveRejections);
    }

    /// <summary>Gets the loss penalty of the penalty-policy constraints; measured metrics take precedence over estimates.</summary>
    public double Penalty(IReadOnlyDictionary<string, double> estimatedCosts, IReadOnlyDictionary<string, double> metrics)
    {
        var penalty = 0.0;
        foreach (var constraint in _penaltyConstraints)
        {
            penalty += constraint.PenaltyFor(CostValue(constraint, estimatedCosts, metrics));
        }

        return penalty;
    }

    /// <summary>Gets a constraint's cost: the runner's measured metric of that name if any, else the estimate.</summary>
    public static double CostValue(CostConstraint constraint, IReadOnlyDictionary<string, double> estimatedCosts, IReadOnlyDictionary<string, double> metrics)
    {
        if (metrics.TryGetValue(constraint.CostName, out var measured))
        {
            return measured;
        }

        if (estimatedCosts.TryGetValue(constraint.CostName, out var estimated))
        {
            return estimated;
        }

        throw new InvalidOperationException(
            $"Neither the cost model nor the trial runner reported '{constraint.CostName}', which the constraint '{constraint}' needs.");
    }
}
