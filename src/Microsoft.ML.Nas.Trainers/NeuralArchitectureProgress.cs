using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>One finished training epoch, reported while a neural architecture search runs.</summary>
/// <param name="Phase">Whether a candidate or the final model is training.</param>
/// <param name="TrialId">The trial (for the final training, the trial whose candidate is retrained).</param>
/// <param name="Epoch">The 1-based epoch that finished.</param>
/// <param name="Epochs">The epochs this training will run at most.</param>
/// <param name="TrainingLoss">The mean training loss of the epoch (standardized units for regression).</param>
/// <param name="ValidationAccuracy">Classification: the validation accuracy after the epoch; <see langword="null"/> for regression and in the final training (no held-out data).</param>
/// <param name="BestValidationAccuracy">Classification: the best final validation accuracy of any completed trial so far, or <see langword="null"/>.</param>
/// <param name="ValidationRmse">Regression: the validation RMSE (targets' units) after the epoch; <see langword="null"/> for classification and in the final training.</param>
/// <param name="BestValidationRmse">Regression: the best final validation RMSE of any completed trial so far, or <see langword="null"/>.</param>
public sealed record NeuralArchitectureProgress(
    NeuralArchitecturePhase Phase,
    int TrialId,
    int Epoch,
    int Epochs,
    double TrainingLoss,
    double? ValidationAccuracy,
    double? BestValidationAccuracy,
    double? ValidationRmse = null,
    double? BestValidationRmse = null)
{
    /// <summary>Creates a report from objective values (<see cref="SearchObjective"/>), in the task's metric.</summary>
    internal static NeuralArchitectureProgress Create(
        NeuralArchitecturePhase phase, TrainingTask task, int trialId, int epoch, int epochs, double trainingLoss, double? loss, double? bestLoss)
    {
        double? Metric(double? value) => value is { } v ? SearchObjective.MetricFromLoss(task, v) : null;
        return task == TrainingTask.Classification
            ? new(phase, trialId, epoch, epochs, trainingLoss, phase == NeuralArchitecturePhase.Search ? Metric(loss) ?? 0 : null, Metric(bestLoss))
            : new(phase, trialId, epoch, epochs, trainingLoss, null, null, Metric(loss), Metric(bestLoss));
    }
}
