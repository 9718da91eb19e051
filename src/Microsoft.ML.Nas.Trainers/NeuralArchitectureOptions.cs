using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>What a neural architecture search explores and what it must respect.</summary>
public sealed record NeuralArchitectureOptions
{
    /// <summary>Gets the architecture space; <see cref="ArchitectureSpaces.MobileNet"/> with default options by default.</summary>
    public IArchitectureSpace SearchSpace { get; init; } = ArchitectureSpaces.MobileNet();

    /// <summary>Gets the training-recipe space searched jointly with the architecture; <see cref="TrainingRecipeSpace.ForImages"/> by default.</summary>
    public TrainingRecipeSpace RecipeSpace { get; init; } = TrainingRecipeSpace.ForImages();

    /// <summary>
    /// Gets the hardware constraints. Parameters, MACs and peak memory are computed analytically; latency is read from
    /// <see cref="LatencyTable"/> when given, else measured once per network at batch 1 on one thread. Constraints that no
    /// network of the space can meet fail before any training.
    /// </summary>
    public HardwareConstraints Constraints { get; init; } = HardwareConstraints.None;

    /// <summary>Gets an optional test set, never seen during the search; the final model is evaluated on it once.</summary>
    public NasImageData? TestData { get; init; }

    /// <summary>Gets the stratified fraction of the training data held out to validate candidates; 0.2 by default, in (0, 1).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Gets a cap on the epochs of every trial and of the final training; <see langword="null"/> for the recipe's epochs.</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>
    /// Gets whether trials report per-epoch validation loss to an asynchronous successive-halving (ASHA) scheduler that
    /// stops the unpromising ones early; <see langword="true"/> by default.
    /// </summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary>Gets a latency lookup table for this machine and space; <see langword="null"/> measures latency instead.</summary>
    public LatencyLookupTable? LatencyTable { get; init; }

    /// <summary>Gets how latency is measured when there is no <see cref="LatencyTable"/>; batch 1, one thread by default.</summary>
    public MeasuredLatencyOptions? LatencyOptions { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(SearchSpace, nameof(SearchSpace));
        ArgumentNullException.ThrowIfNull(RecipeSpace, nameof(RecipeSpace));
        ArgumentNullException.ThrowIfNull(Constraints, nameof(Constraints));
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in (0, 1).");
        }

        if (MaxEpochs is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEpochs), MaxEpochs, "The epoch cap must be at least 1.");
        }
    }
}
