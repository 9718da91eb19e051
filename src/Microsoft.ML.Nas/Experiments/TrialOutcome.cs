namespace Microsoft.ML.Nas.Experiments;

/// <summary>What a trial runner returns for a trial that ran to the end.</summary>
public sealed class TrialOutcome
{
    /// <summary>Gets the primary loss (minimised), for example the validation loss or 1 − accuracy.</summary>
    public required double Loss { get; init; }

    /// <summary>
    /// Gets named metrics (for example accuracy or a measured latency). A metric named like a constrained cost (for
    /// example <c>latencyMilliseconds</c>) takes precedence over the cost model's estimate for penalty- and
    /// objective-policy constraints; metrics can be objectives (see <see cref="Objective"/>). Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Gets an explicit objective vector (each minimised) for multi-objective search when the experiment has no
    /// configured objectives; <see langword="null"/> by default.
    /// </summary>
    public IReadOnlyList<double>? Objectives { get; init; }

    /// <summary>Creates an outcome with only a loss.</summary>
    /// <param name="loss">The loss.</param>
    /// <returns>The outcome.</returns>
    public static TrialOutcome FromLoss(double loss) => new() { Loss = loss };
}
