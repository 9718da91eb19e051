using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>One trained candidate of a neural architecture search.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Status">Completed or pruned (stopped early by the scheduler).</param>
/// <param name="Architecture">A one-line summary of the architecture.</param>
/// <param name="ValidationAccuracy">Classification: the validation accuracy after the trial's last epoch; <see cref="double.NaN"/> for regression.</param>
/// <param name="Epochs">The epochs the trial trained.</param>
/// <param name="Parameters">The trainable parameters.</param>
/// <param name="Macs">Multiply-accumulates of one forward pass of one sample.</param>
/// <param name="LatencyMilliseconds">The latency at batch 1, or <see langword="null"/> when not estimated.</param>
/// <param name="DurationSeconds">The trial's wall-clock time.</param>
/// <param name="ValidationRmse">Regression: the validation RMSE (targets' units) after the trial's last epoch; <see langword="null"/> for classification.</param>
public sealed record NeuralArchitectureLeaderboardEntry(
    int TrialId,
    TrialStatus Status,
    string Architecture,
    double ValidationAccuracy,
    int Epochs,
    long Parameters,
    long Macs,
    double? LatencyMilliseconds,
    double DurationSeconds,
    double? ValidationRmse = null);
