namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>The outcome of <see cref="CandidateTrainer.Train"/>: the per-epoch history and the final state.</summary>
public sealed record TrainingResult
{
    /// <summary>The metric name of the final training loss: <c>"trainingLoss"</c>.</summary>
    public const string TrainingLossName = "trainingLoss";

    /// <summary>The metric name of the validation loss: <c>"validationLoss"</c>.</summary>
    public const string ValidationLossName = "validationLoss";

    /// <summary>The metric name of the training time in seconds: <c>"trainingSeconds"</c>.</summary>
    public const string TrainingSecondsName = "trainingSeconds";

    /// <summary>The metric name of the number of epochs completed: <c>"epochs"</c>.</summary>
    public const string EpochsName = "epochs";

    /// <summary>Gets one report per completed epoch, in order.</summary>
    public required IReadOnlyList<EpochReport> History { get; init; }

    /// <summary>Gets the total training time, evaluation included.</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>
    /// Gets a value indicating whether training stopped early because the training loss or a validation output was
    /// not finite (the learning rate was too high for the candidate).
    /// </summary>
    public required bool Diverged { get; init; }

    /// <summary>Gets the number of epochs completed.</summary>
    public int EpochsCompleted => History.Count;

    /// <summary>Gets the last epoch's report, or <see langword="null"/> when no epoch completed.</summary>
    public EpochReport? Final => History.Count > 0 ? History[^1] : null;

    /// <summary>Gets the last epoch's training loss, or <see cref="double.NaN"/>.</summary>
    public double FinalTrainingLoss => Final?.TrainingLoss ?? double.NaN;

    /// <summary>Gets the last epoch's validation evaluation, or <see langword="null"/>.</summary>
    public EvaluationResult? FinalValidation => Final?.Validation;

    /// <summary>
    /// Lists the final metrics by name, as a trial reports them: the validation metrics, <see cref="ValidationLossName"/>,
    /// <see cref="TrainingLossName"/>, <see cref="TrainingSecondsName"/> and <see cref="EpochsName"/>. Values that are not
    /// finite (after divergence) are left out, so the dictionary always serializes to JSON.
    /// </summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, double> ToMetrics()
    {
        var metrics = FinalValidation?.ToDictionary() ?? new Dictionary<string, double>(StringComparer.Ordinal);
        if (FinalValidation is { } validation)
        {
            metrics[ValidationLossName] = validation.Loss;
        }

        metrics[TrainingLossName] = FinalTrainingLoss;
        metrics[TrainingSecondsName] = TrainingTime.TotalSeconds;
        metrics[EpochsName] = EpochsCompleted;
        foreach (var name in metrics.Where(entry => !double.IsFinite(entry.Value)).Select(entry => entry.Key).ToList())
        {
            metrics.Remove(name);
        }

        return metrics;
    }
}
