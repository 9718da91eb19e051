using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// The training-recipe part of a joint architecture–recipe search: builds a <see cref="SearchSpace"/> fragment over
/// the optimizer (with its own learning-rate and weight-decay ranges), epochs, batch size, label smoothing, dropout and
/// augmentation on/off, and turns a sampled <see cref="Parameter"/> back into a <see cref="TrainingRecipe"/>.
/// </summary>
/// <remarks>
/// <para>
/// "FBNetV3: Joint Architecture-Recipe Search using Predictor Pretraining" (Dai et al., 2021,
/// https://arxiv.org/abs/2006.02049) shows that the best architecture depends on the recipe it is trained with, so both
/// are searched together: one candidate is (architecture, recipe), proposed by the same tuner from one unit cube. Nest
/// the fragment in the experiment's space, for example <c>space["recipe"] = recipeSpace.Build()</c>, and read it back
/// with <c>recipeSpace.FromParameter(parameter["recipe"])</c>.
/// </para>
/// <para>
/// Every searched setting can be fixed: set its range or list to <see langword="null"/> to take the value of
/// <see cref="Defaults"/>, or give a range of one value (<c>new SearchRange(0.1, 0.1)</c>) or a list of one value.
/// Fixed settings add no dimension to the space. Learning rate and weight decay are searched log-uniformly, the other
/// ranges uniformly. Settings that are never searched (momentum, Nesterov, schedule, warm-up, gradient clipping) come
/// from <see cref="Defaults"/>.
/// </para>
/// <para>
/// The fragment's keys are <see cref="OptimizerKey"/> (a choice; with per-optimizer ranges a conditional choice whose
/// object holds <see cref="LearningRateKey"/> and <see cref="WeightDecayKey"/>), <see cref="EpochsKey"/>,
/// <see cref="BatchSizeKey"/>, <see cref="LabelSmoothingKey"/>, <see cref="DropoutKey"/> and
/// <see cref="AugmentationKey"/>.
/// </para>
/// </remarks>
public sealed record TrainingRecipeSpace
{
    /// <summary>The key of the optimizer choice: <c>"optimizer"</c>.</summary>
    public const string OptimizerKey = "optimizer";

    /// <summary>The key of the learning rate inside the optimizer choice: <c>"learningRate"</c>.</summary>
    public const string LearningRateKey = "learningRate";

    /// <summary>The key of the weight decay inside the optimizer choice: <c>"weightDecay"</c>.</summary>
    public const string WeightDecayKey = "weightDecay";

    /// <summary>The key of the number of epochs: <c>"epochs"</c>.</summary>
    public const string EpochsKey = "epochs";

    /// <summary>The key of the batch size: <c>"batchSize"</c>.</summary>
    public const string BatchSizeKey = "batchSize";

    /// <summary>The key of the label smoothing: <c>"labelSmoothing"</c>.</summary>
    public const string LabelSmoothingKey = "labelSmoothing";

    /// <summary>The key of the dropout probability: <c>"dropout"</c>.</summary>
    public const string DropoutKey = "dropout";

    /// <summary>The key of the augmentation switch: <c>"augmentation"</c>.</summary>
    public const string AugmentationKey = "augmentation";

    /// <summary>
    /// Gets the recipe whose values are used for every setting that is not searched; <see cref="TrainingRecipe()"/> by
    /// default.
    /// </summary>
    public TrainingRecipe Defaults { get; init; } = new();

    /// <summary>
    /// Gets the optimizers to choose from, each with its learning-rate and weight-decay ranges; SGD, Adam and AdamW
    /// (<see cref="OptimizerChoice.Sgd"/>, ...) by default. <see langword="null"/> fixes the optimizer, learning rate
    /// and weight decay of <see cref="Defaults"/>.
    /// </summary>
    public IReadOnlyList<OptimizerChoice>? Optimizers { get; init; } = [OptimizerChoice.Sgd, OptimizerChoice.Adam, OptimizerChoice.AdamW];

    /// <summary>Gets the range of epochs; [4, 16] by default; <see langword="null"/> fixes <see cref="TrainingRecipe.Epochs"/> of <see cref="Defaults"/>.</summary>
    public IntegerSearchRange? Epochs { get; init; } = new IntegerSearchRange(4, 16);

    /// <summary>Gets the batch sizes to choose from; 64, 128 and 256 by default; <see langword="null"/> fixes the default's.</summary>
    public IReadOnlyList<int>? BatchSizes { get; init; } = [64, 128, 256];

    /// <summary>Gets the range of label smoothing; [0, 0.2] by default; <see langword="null"/> fixes the default's.</summary>
    public SearchRange? LabelSmoothing { get; init; } = new SearchRange(0, 0.2);

    /// <summary>Gets the range of dropout; [0, 0.3] by default; <see langword="null"/> fixes the default's.</summary>
    public SearchRange? Dropout { get; init; } = new SearchRange(0, 0.3);

    /// <summary>
    /// Gets a value indicating whether augmentation is searched (on or off); <see langword="true"/> by default. When
    /// <see langword="false"/>, the augmentation of <see cref="Defaults"/> is used.
    /// </summary>
    public bool SearchAugmentation { get; init; } = true;

    /// <summary>Gets the augmentation used when the search turns it on; <see cref="ImageAugmentation.Standard"/> by default.</summary>
    public ImageAugmentation AugmentationWhenOn { get; init; } = ImageAugmentation.Standard;

    /// <summary>Creates the default space for image classification (every setting searched, augmentation on or off).</summary>
    /// <returns>The space.</returns>
    public static TrainingRecipeSpace ForImages() => new();

    /// <summary>
    /// Creates the default space for tables: no augmentation, smaller batch sizes (32, 64, 128) and epochs in [10, 40],
    /// because tables are small.
    /// </summary>
    /// <returns>The space.</returns>
    public static TrainingRecipeSpace ForTables() => new()
    {
        Defaults = new TrainingRecipe { Augmentation = null, Epochs = 20, BatchSize = 64 },
        SearchAugmentation = false,
        BatchSizes = [32, 64, 128],
        Epochs = new IntegerSearchRange(10, 40),
    };

    /// <summary>Builds the search-space fragment; settings fixed by the space add no option.</summary>
    /// <returns>A new search space (possibly empty when everything is fixed).</returns>
    /// <exception cref="ArgumentException">A setting of the space is invalid (the message names it).</exception>
    public SearchSpace Build()
    {
        Validate();
        var space = new SearchSpace();
        if (Optimizers is { } optimizers)
        {
            var values = optimizers.Select(choice => new ChoiceValue(choice.Name, OptimizerSubSpace(choice))).ToArray();
            if (values.Length > 1 || values[0].SubSpace is not null)
            {
                space.Add(OptimizerKey, new ChoiceOption(values));
            }
        }

        if (Epochs is { IsFixed: false } epochs)
        {
            space.Add(EpochsKey, new UniformIntOption(epochs.Min, epochs.Max));
        }

        if (BatchSizes is { Count: > 1 } batchSizes)
        {
            space.Add(BatchSizeKey, new ChoiceOption(batchSizes.ToArray()));
        }

        if (LabelSmoothing is { IsFixed: false } smoothing)
        {
            space.Add(LabelSmoothingKey, new UniformDoubleOption(smoothing.Min, smoothing.Max));
        }

        if (Dropout is { IsFixed: false } dropout)
        {
            space.Add(DropoutKey, new UniformDoubleOption(dropout.Min, dropout.Max));
        }

        if (SearchAugmentation)
        {
            space.Add(AugmentationKey, new BooleanOption(defaultValue: Defaults.Augmentation is not null));
        }

        return space;
    }

    /// <summary>
    /// Turns a parameter sampled from <see cref="Build"/>'s space into a recipe: searched settings from the parameter,
    /// fixed ones from the space (a range of one value, a list of one value) or from <see cref="Defaults"/>.
    /// </summary>
    /// <param name="parameter">An object parameter of the fragment; keys the space does not search are ignored, missing keys take their fixed value.</param>
    /// <returns>The recipe, validated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The parameter is not an object, names an optimizer the space does not offer, or holds a value out of range.</exception>
    public TrainingRecipe FromParameter(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Validate();
        if (parameter.ParameterType != ParameterType.Object)
        {
            throw new ArgumentException($"A training-recipe parameter is an object, not {parameter.ParameterType}.", nameof(parameter));
        }

        try
        {
            var recipe = Defaults with
            {
                Epochs = Read(parameter, EpochsKey, Epochs is { } epochs ? epochs.Min : Defaults.Epochs, p => p.AsType<int>()),
                BatchSize = Read(parameter, BatchSizeKey, BatchSizes is { } sizes ? sizes[0] : Defaults.BatchSize, p => p.AsType<int>()),
                LabelSmoothing = Read(parameter, LabelSmoothingKey, LabelSmoothing?.Min ?? Defaults.LabelSmoothing, p => p.AsType<double>()),
                Dropout = Read(parameter, DropoutKey, Dropout?.Min ?? Defaults.Dropout, p => p.AsType<double>()),
                Augmentation = ReadAugmentation(parameter),
            };
            recipe = WithOptimizer(recipe, parameter);
            recipe.Validate();
            return recipe;
        }
        catch (Exception exception) when (exception is InvalidCastException or ArgumentOutOfRangeException or KeyNotFoundException)
        {
            throw new ArgumentException($"The training-recipe parameter {parameter} is invalid: {exception.Message}", nameof(parameter), exception);
        }
    }

    private static T Read<T>(Parameter parameter, string key, T fallback, Func<Parameter, T> convert) =>
        parameter.ContainsKey(key) ? convert(parameter[key]) : fallback;

    private static SearchSpace? OptimizerSubSpace(OptimizerChoice choice)
    {
        var sub = new SearchSpace();
        if (choice.LearningRate is { IsFixed: false } learningRate)
        {
            sub.Add(LearningRateKey, new UniformDoubleOption(learningRate.Min, learningRate.Max, logBase: true));
        }

        if (choice.WeightDecay is { IsFixed: false } weightDecay)
        {
            sub.Add(WeightDecayKey, new UniformDoubleOption(weightDecay.Min, weightDecay.Max, logBase: true));
        }

        return sub.Count == 0 ? null : sub;
    }

    private ImageAugmentation? ReadAugmentation(Parameter parameter)
    {
        if (!SearchAugmentation)
        {
            return Defaults.Augmentation;
        }

        var on = Read(parameter, AugmentationKey, Defaults.Augmentation is not null, p => p.AsType<bool>());
        return on ? Defaults.Augmentation ?? AugmentationWhenOn : null;
    }

    private TrainingRecipe WithOptimizer(TrainingRecipe recipe, Parameter parameter)
    {
        if (Optimizers is not { } optimizers)
        {
            return recipe;
        }

        var chosen = optimizers[0];
        Parameter? sub = null;
        if (parameter.ContainsKey(OptimizerKey))
        {
            var value = parameter[OptimizerKey];
            if (value.ParameterType == ParameterType.Object)
            {
                sub = value;
                value = value[ChoiceOption.ValueKey];
            }

            var name = value.AsType<string>();
            chosen = optimizers.FirstOrDefault(choice => choice.Name == name)
                ?? throw new ArgumentException(
                    $"The optimizer '{name}' is not one of the space's: {string.Join(", ", optimizers.Select(choice => choice.Name))}.",
                    nameof(parameter));
        }

        var kind = chosen.Optimizer;
        var sameAsDefaults = kind == Defaults.Optimizer;
        var learningRate = sub is not null && sub.ContainsKey(LearningRateKey)
            ? sub[LearningRateKey].AsType<double>()
            : chosen.LearningRate?.Min ?? (sameAsDefaults ? Defaults.LearningRate : TrainingRecipe.DefaultLearningRate(kind));
        var weightDecay = sub is not null && sub.ContainsKey(WeightDecayKey)
            ? sub[WeightDecayKey].AsType<double>()
            : chosen.WeightDecay?.Min ?? (sameAsDefaults ? Defaults.WeightDecay : TrainingRecipe.DefaultWeightDecay(kind));
        return recipe with { Optimizer = kind, LearningRate = learningRate, WeightDecay = weightDecay };
    }

    private void Validate()
    {
        ArgumentNullException.ThrowIfNull(Defaults, nameof(Defaults));
        ArgumentNullException.ThrowIfNull(AugmentationWhenOn, nameof(AugmentationWhenOn));
        Defaults.Validate();
        AugmentationWhenOn.Validate();
        if (Optimizers is { } optimizers)
        {
            if (optimizers.Count == 0)
            {
                throw new ArgumentException("Optimizers must hold at least one choice, or be null to fix the default's optimizer.", nameof(Optimizers));
            }

            var seen = new HashSet<OptimizerKind>();
            foreach (var choice in optimizers)
            {
                ArgumentNullException.ThrowIfNull(choice, nameof(Optimizers));
                if (!seen.Add(choice.Optimizer))
                {
                    throw new ArgumentException($"Optimizers lists {choice.Optimizer} twice.", nameof(Optimizers));
                }

                RequireLogRange(choice.LearningRate, $"the learning rate of {choice.Optimizer}", allowZero: false, nameof(Optimizers));
                RequireLogRange(choice.WeightDecay, $"the weight decay of {choice.Optimizer}", allowZero: true, nameof(Optimizers));
            }
        }

        if (Epochs is { } epochs && epochs.Min < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Epochs {epochs} must start at 1 or more."), nameof(Epochs));
        }

        if (BatchSizes is { } batchSizes)
        {
            if (batchSizes.Count == 0 || batchSizes.Any(size => size < 1) || batchSizes.Distinct().Count() != batchSizes.Count)
            {
                throw new ArgumentException(
                    $"BatchSizes [{string.Join(", ", batchSizes)}] must hold distinct sizes of at least 1, or be null to fix the default's.",
                    nameof(BatchSizes));
            }
        }

        RequireProbabilityRange(LabelSmoothing, nameof(LabelSmoothing));
        RequireProbabilityRange(Dropout, nameof(Dropout));
    }

    private static void RequireLogRange(SearchRange? range, string what, bool allowZero, string parameterName)
    {
        if (range is { } value && (value.Min < 0 || (value.Min == 0 && !(allowZero && value.IsFixed))))
        {
            throw new ArgumentException($"The range {value} of {what} is searched log-uniformly: its bounds must be positive.", parameterName);
        }
    }

    private static void RequireProbabilityRange(SearchRange? range, string name)
    {
        if (range is { } value && (value.Min < 0 || value.Max >= 1))
        {
            throw new ArgumentException($"{name} {value} must lie in [0, 1).", name);
        }
    }
}
