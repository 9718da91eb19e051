using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>What a neural architecture search explores and what it must respect.</summary>
public sealed record NeuralArchitectureOptions
{
    private readonly IArchitectureSpace _imageSearchSpace = ArchitectureSpaces.MobileNet();
    private readonly IArchitectureSpace? _searchSpace;
    private readonly TrainingRecipeSpace? _recipeSpace;

    /// <summary>
    /// Gets the architecture space. When not set, images search <see cref="ArchitectureSpaces.MobileNet"/> and tables
    /// <see cref="ArchitectureSpaces.Mlp"/>, each with default options; reading the property then gives the image default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    public IArchitectureSpace SearchSpace
    {
        get => _searchSpace ?? _imageSearchSpace;
        init => _searchSpace = value ?? throw new ArgumentNullException(nameof(SearchSpace));
    }

    /// <summary>
    /// Gets the training-recipe space searched jointly with the architecture. When not set, images search
    /// <see cref="TrainingRecipeSpace.ForImages"/> and tables <see cref="TrainingRecipeSpace.ForTables"/> (no augmentation,
    /// smaller batches, more epochs); reading the property then gives the image default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    public TrainingRecipeSpace RecipeSpace
    {
        get => _recipeSpace ?? TrainingRecipeSpace.ForImages();
        init => _recipeSpace = value ?? throw new ArgumentNullException(nameof(RecipeSpace));
    }

    /// <summary>
    /// Gets the hardware constraints. Parameters, MACs and peak memory are computed analytically; latency is read from
    /// <see cref="LatencyTable"/> when given, else measured once per network at batch 1 on one thread. Constraints that no
    /// network of the space can meet fail before any training.
    /// </summary>
    public HardwareConstraints Constraints { get; init; } = HardwareConstraints.None;

    /// <summary>
    /// Gets an optional test set of the training data's kind (images for images, a table for a table, for example from
    /// <see cref="NasDataCatalog.TrainTestSplit"/>), never seen during the search; the final model is evaluated on it once,
    /// with the preprocessing fitted on the training data.
    /// </summary>
    public NasData? TestData { get; init; }

    /// <summary>
    /// Gets the fraction of the training data held out to validate candidates (stratified by class for classification);
    /// 0.2 by default, in (0, 1).
    /// </summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>
    /// Gets the most samples the search's candidates see, training and validation parts together; <see langword="null"/>
    /// (default) for all of the training data. At least 2 when set.
    /// </summary>
    /// <remarks>
    /// On large data sets a trial on every sample is slow, and a search learns more from many cheap trials than from a
    /// few full ones (the ranking of candidates settles long before their accuracy does). With a limit, both parts of the
    /// split are sampled in proportion (stratified by class for classification, seeded), so the validation fraction
    /// holds; the preprocessing is still fitted on the whole training part, and the winner's final training still uses
    /// all the training data. The final training's time estimate accounts for the larger data.
    /// </remarks>
    public int? MaxSearchSamples { get; init; }

    /// <summary>
    /// Gets a cap on the epochs of every trial, and of the final training unless <see cref="FinalTrainingEpochs"/> is set;
    /// <see langword="null"/> for the recipe's epochs.
    /// </summary>
    public int? MaxEpochs { get; init; }

    /// <summary>
    /// Gets the epochs of the final training of the winner on all the training data, at least 1; <see langword="null"/>
    /// (default) for the winning recipe's epochs capped by <see cref="MaxEpochs"/>. It may exceed the epochs of the
    /// search (a longer schedule for the retrain). With a time budget it is an upper bound: the final training runs the
    /// epochs that fit the time left (see <see cref="FinalTrainingTimeFraction"/>), and the result reports how many ran
    /// (<see cref="NeuralArchitectureResult.FinalTrainingEpochs"/>).
    /// </summary>
    public int? FinalTrainingEpochs { get; init; }

    /// <summary>
    /// Gets the share of <see cref="NeuralArchitectureExperiment.SetTrainingTimeInSeconds"/> kept for the final training;
    /// 0.3 by default, in [0, 1).
    /// </summary>
    /// <remarks>
    /// The time budget covers the whole run. The search gets the budget × (1 − fraction), less the time spent preparing
    /// the data; it stops earlier when its trial budget ends. The final training then runs the most whole epochs that fit
    /// 80% of the time left (epoch times drift upward on a shared machine, and a planned schedule cannot be cut short
    /// without losing its annealed end). The seconds per epoch come from a probe: a throwaway copy of the winner trains two
    /// passes over a slice of all the training data just before, and the second pass is timed (without a probe, the
    /// winning trial's seconds per epoch scaled to the final data size). The result is capped by
    /// <see cref="FinalTrainingEpochs"/> (or the recipe's epochs) and is at least 1. The same measured times always give
    /// the same epochs. Without a time budget the fraction is unused.
    /// </remarks>
    public double FinalTrainingTimeFraction { get; init; } = 0.3;

    /// <summary>
    /// Gets whether trials report per-epoch validation loss to an asynchronous successive-halving (ASHA) scheduler that
    /// stops the unpromising ones early; <see langword="true"/> by default.
    /// </summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary>Gets a latency lookup table for this machine and space; <see langword="null"/> measures latency instead.</summary>
    public LatencyLookupTable? LatencyTable { get; init; }

    /// <summary>Gets how latency is measured when there is no <see cref="LatencyTable"/>; batch 1, one thread by default.</summary>
    public MeasuredLatencyOptions? LatencyOptions { get; init; }

    /// <summary>
    /// Gets the device that trials, the final training and measured latency run on (TorchSharp's <c>torch.CPU</c> or
    /// <c>torch.CUDA</c>); <see langword="null"/> (the default) for the CPU. CUDA needs TorchSharp's CUDA package in place of
    /// TorchSharp-cpu and a GPU.
    /// </summary>
    public torch.Device? Device { get; init; }

    /// <summary>The architecture space to search for <paramref name="data"/>: the one set, else the data kind's default.</summary>
    internal IArchitectureSpace ResolveSearchSpace(NasData data) => _searchSpace ?? data.CreateDefaultSearchSpace();

    /// <summary>The recipe space to search for <paramref name="data"/>: the one set, else the data kind's default.</summary>
    internal TrainingRecipeSpace ResolveRecipeSpace(NasData data) => _recipeSpace ?? data.CreateDefaultRecipeSpace();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Constraints, nameof(Constraints));
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in (0, 1).");
        }

        if (MaxSearchSamples is < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxSearchSamples), MaxSearchSamples, "The search needs at least 2 samples: one to train on and one to validate on.");
        }

        if (MaxEpochs is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEpochs), MaxEpochs, "The epoch cap must be at least 1.");
        }

        if (FinalTrainingEpochs is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FinalTrainingEpochs), FinalTrainingEpochs, "The final training needs at least 1 epoch.");
        }

        if (!(FinalTrainingTimeFraction >= 0 && FinalTrainingTimeFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(FinalTrainingTimeFraction), FinalTrainingTimeFraction, "The share of the time budget kept for the final training must be in [0, 1).");
        }
    }
}
