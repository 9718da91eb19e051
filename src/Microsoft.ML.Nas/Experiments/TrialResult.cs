namespace Microsoft.ML.Nas.Experiments;

/// <summary>How one trial ended, as ML.NET AutoML's <c>TrialResult</c>. Losses and objectives are minimised.</summary>
public sealed class TrialResult
{
    /// <summary>Gets the settings the trial ran with (its id and parameter).</summary>
    public required TrialSettings TrialSettings { get; init; }

    /// <summary>Gets how the trial ended.</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>
    /// Gets the primary loss (smaller is better). <see cref="double.NaN"/> when the trial did not complete
    /// (failed or rejected); the last reported intermediate value for a pruned trial.
    /// </summary>
    public double Loss { get; init; } = double.NaN;

    /// <summary>
    /// Gets the objective vector for multi-objective search (each minimised), for example
    /// [loss, latency in ms]; <see langword="null"/> for single-objective search, where <see cref="Loss"/> is the
    /// only objective.
    /// </summary>
    public IReadOnlyList<double>? Objectives { get; init; }

    /// <summary>Gets named metrics reported by the runner (for example accuracy); empty if none.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets the named costs the cost model estimated (for example parameters, MACs, latency); empty if none.</summary>
    public IReadOnlyDictionary<string, double> Costs { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets the values the trial reported per step of fidelity (for example per epoch), in order.</summary>
    public IReadOnlyList<double> IntermediateValues { get; init; } = [];

    /// <summary>Gets the trial's wall time in milliseconds.</summary>
    public double DurationInMilliseconds { get; init; }

    /// <summary>Gets the error or rejection message for a failed or rejected trial; otherwise <see langword="null"/>.</summary>
    public string? Message { get; init; }
}
