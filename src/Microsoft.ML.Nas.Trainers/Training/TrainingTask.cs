namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>What a network learns to predict.</summary>
public enum TrainingTask
{
    /// <summary>One of K ≥ 2 classes: the network outputs K logits, trained with cross-entropy.</summary>
    Classification,

    /// <summary>A real number: the network outputs one value, trained with mean squared error on standardized targets.</summary>
    Regression,
}
