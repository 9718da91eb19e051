namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>How a network does on a dataset: a loss and the task's metrics.</summary>
/// <remarks>
/// When the network produces a non-finite output (a diverged candidate), <see cref="Loss"/> is <see cref="double.NaN"/>
/// and both metric records are <see langword="null"/>.
/// </remarks>
public sealed record EvaluationResult
{
    /// <summary>
    /// Gets the loss, minimised: the log-loss (no label smoothing) for classification, the mean squared error in the
    /// targets' units for regression; <see cref="double.NaN"/> when an output was not finite.
    /// </summary>
    public required double Loss { get; init; }

    /// <summary>Gets the classification metrics, or <see langword="null"/> for regression or non-finite outputs.</summary>
    public ClassificationMetrics? Classification { get; init; }

    /// <summary>Gets the regression metrics, or <see langword="null"/> for classification or non-finite outputs.</summary>
    public RegressionMetrics? Regression { get; init; }

    /// <summary>Lists the metrics by name (see <see cref="ClassificationMetrics.ToDictionary"/> and <see cref="RegressionMetrics.ToDictionary"/>).</summary>
    /// <returns>A new dictionary; empty when the outputs were not finite.</returns>
    public Dictionary<string, double> ToDictionary() =>
        Classification?.ToDictionary() ?? Regression?.ToDictionary() ?? new Dictionary<string, double>(StringComparer.Ordinal);
}
