namespace Microsoft.ML.Nas.Trainers;

/// <summary>The phase of a neural architecture search that a <see cref="NeuralArchitectureProgress"/> comes from.</summary>
public enum NeuralArchitecturePhase
{
    /// <summary>A candidate is being trained on the search split and validated.</summary>
    Search,

    /// <summary>The best candidate is being retrained on all the training data.</summary>
    FinalTraining,
}
