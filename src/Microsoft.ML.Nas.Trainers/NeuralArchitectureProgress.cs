namespace Microsoft.ML.Nas.Trainers;

/// <summary>One finished training epoch, reported while a neural architecture search runs.</summary>
/// <param name="Phase">Whether a candidate or the final model is training.</param>
/// <param name="TrialId">The trial (for the final training, the trial whose candidate is retrained).</param>
/// <param name="Epoch">The 1-based epoch that finished.</param>
/// <param name="Epochs">The epochs this training will run at most.</param>
/// <param name="TrainingLoss">The mean training loss of the epoch.</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch; <see langword="null"/> in the final training (no held-out data).</param>
/// <param name="BestValidationAccuracy">The best final validation accuracy of any completed trial so far, or <see langword="null"/>.</param>
public sealed record NeuralArchitectureProgress(
    NeuralArchitecturePhase Phase,
    int TrialId,
    int Epoch,
    int Epochs,
    double TrainingLoss,
    double? ValidationAccuracy,
    double? BestValidationAccuracy);
