namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>What <see cref="CandidateTrainer"/> reports after each epoch (to a scheduler that may prune, or a monitor).</summary>
public sealed record EpochReport
{
    /// <summary>Gets the epoch just finished, from 1.</summary>
    public required int Epoch { get; init; }

    /// <summary>Gets the number of epochs the run is planned for (the recipe's, capped by the fidelity).</summary>
    public required int Epochs { get; init; }

    /// <summary>Gets the mean training loss over the epoch's samples (with label smoothing; standardized units for regression).</summary>
    public required double TrainingLoss { get; init; }

    /// <summary>Gets the learning rate of the last step of the epoch.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Gets the number of optimizer steps taken since the start of training.</summary>
    public required int Steps { get; init; }

    /// <summary>Gets the time since the start of training.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Gets the evaluation on the validation data, or <see langword="null"/> when training without validation data or after divergence.</summary>
    public EvaluationResult? Validation { get; init; }

    /// <summary>
    /// Gets the value a scheduler should compare (minimised): the validation loss when there is validation data,
    /// otherwise the training loss; <see cref="double.NaN"/> after divergence.
    /// </summary>
    public double Objective => Validation?.Loss ?? TrainingLoss;
}
