namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The ranges of an <see cref="MlpSpace"/> (feed-forward networks for tables).</summary>
public sealed class MlpSpaceOptions
{
    /// <summary>Gets the numbers of hidden layers (0 is a linear model); [1, 2, 3, 4] by default.</summary>
    public IReadOnlyList<int> LayerCounts { get; init; } = [1, 2, 3, 4];

    /// <summary>Gets the widths each hidden layer may have; [32, 64, 128, 256, 512] by default.</summary>
    public IReadOnlyList<int> WidthChoices { get; init; } = [32, 64, 128, 256, 512];

    /// <summary>Gets the activations (one for the network); [ReLU, GELU, SiLU] by default.</summary>
    public IReadOnlyList<Activation> ActivationChoices { get; init; } = [Activation.ReLU, Activation.GELU, Activation.SiLU];

    /// <summary>Gets the dropout probabilities after each hidden layer; [0, 0.1, 0.2, 0.3] by default.</summary>
    public IReadOnlyList<double> DropoutChoices { get; init; } = [0.0, 0.1, 0.2, 0.3];

    /// <summary>Gets the normalisations of the hidden layers; [None, Batch] by default.</summary>
    public IReadOnlyList<Normalization> NormalizationChoices { get; init; } = [Normalization.None, Normalization.Batch];

    /// <summary>Gets whether hidden layers whose input and output widths match may add their input; [false, true] by default.</summary>
    public IReadOnlyList<bool> ResidualChoices { get; init; } = [false, true];
}
