namespace Microsoft.ML.Nas.Constraints;

/// <summary>What the experiment does with a candidate whose cost exceeds a constraint's limit.</summary>
public enum ConstraintPolicy
{
    /// <summary>
    /// The candidate is never trained: it is recorded <see cref="Experiments.TrialStatus.Rejected"/> with its costs and
    /// a message naming the cost, its value and the limit. The limit is checked against the cost model's estimate.
    /// </summary>
    Reject = 0,

    /// <summary>
    /// The candidate is trained and its loss is increased by <c>weight × (value − limit) / limit</c> when the cost is
    /// over the limit (<c>weight × (value − limit)</c> when the limit is 0).
    /// </summary>
    Penalty = 1,

    /// <summary>
    /// The candidate is trained and the cost becomes an extra minimised objective (Pareto axis). Among the completed
    /// trials, those within the limit are preferred for the Pareto set.
    /// </summary>
    Objective = 2,
}
