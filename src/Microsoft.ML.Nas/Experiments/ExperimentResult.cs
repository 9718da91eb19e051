namespace Microsoft.ML.Nas.Experiments;

/// <summary>What an experiment run hands back: the best trial, the Pareto set for several objectives, and every trial.</summary>
public sealed class ExperimentResult
{
    /// <summary>Gets the completed trial with the smallest loss (the earliest on ties).</summary>
    public required TrialResult BestTrial { get; init; }

    /// <summary>
    /// Gets the completed trials no other completed trial dominates on <see cref="TrialResult.Objectives"/>, in trial-id
    /// order. When objective-policy constraints exist, only trials within their limits are candidates (all trials when
    /// none is within). For single-objective search it holds <see cref="BestTrial"/> only.
    /// </summary>
    public required IReadOnlyList<TrialResult> ParetoFront { get; init; }

    /// <summary>Gets the names of the objective axes, in the order of <see cref="TrialResult.Objectives"/>; ["loss"] for single-objective search.</summary>
    public required IReadOnlyList<string> ObjectiveNames { get; init; }

    /// <summary>Gets every finished trial (completed, failed, rejected, pruned), resumed history included, in trial-id order.</summary>
    public required IReadOnlyList<TrialResult> Trials { get; init; }

    /// <summary>Gets why the experiment stopped.</summary>
    public required ExperimentStopReason StopReason { get; init; }
}
