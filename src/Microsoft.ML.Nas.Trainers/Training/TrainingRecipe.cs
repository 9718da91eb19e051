using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// How a candidate network is trained: optimizer, learning rate and schedule, regularisation, epochs, batch size and
/// augmentation. Immutable; change a copy with <c>with</c>. Every property documents its default; the defaults are a
/// sound recipe for small convolutional networks and multilayer perceptrons.
/// </summary>
/// <remarks>
/// Weight decay is applied to convolution and linear weights only, never to biases or normalisation parameters
/// (two TorchSharp parameter groups: weights of two or more dimensions with decay, biases and normalisation parameters without). <see cref="Dropout"/> is not applied by the
/// trainer: the architecture reads it when it builds the network; the recipe carries it so that one searched
/// parameter describes the whole candidate.
/// </remarks>
public sealed record TrainingRecipe
{
    /// <summary>Gets the optimizer; <see cref="OptimizerKind.Sgd"/> by default.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Gets the peak learning rate; positive; 0.05 by default (see <see cref="DefaultLearningRate"/>).</summary>
    public double LearningRate { get; init; } = DefaultLearningRate(OptimizerKind.Sgd);

    /// <summary>Gets the SGD momentum, or Adam's β1; in [0, 1); 0.9 by default.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Gets a value indicating whether SGD uses Nesterov momentum (ignored by Adam); <see langword="true"/> by default.</summary>
    public bool Nesterov { get; init; } = true;

    /// <summary>
    /// Gets the weight decay of convolution and linear weights: an L2 penalty for SGD and Adam, decoupled decay for
    /// AdamW; not negative; 5e-4 by default (see <see cref="DefaultWeightDecay"/>).
    /// </summary>
    public double WeightDecay { get; init; } = DefaultWeightDecay(OptimizerKind.Sgd);

    /// <summary>Gets the number of passes over the training data; at least 1; 10 by default.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Gets the number of samples per mini-batch; at least 1; 128 by default.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>
    /// Gets the label smoothing of the classification loss: the mass in [0, 1) spread uniformly over all classes; 0.1 by
    /// default. Ignored for regression.
    /// </summary>
    /// <remarks>"Rethinking the Inception Architecture for Computer Vision" (Szegedy et al., 2016, https://arxiv.org/abs/1512.00567).</remarks>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Gets the dropout probability in [0, 1) that the architecture applies before its classifier; 0 by default.</summary>
    public double Dropout { get; init; }

    /// <summary>Gets the image augmentation of training batches, or <see langword="null"/> (default) for none. Tables ignore it.</summary>
    public ImageAugmentation? Augmentation { get; init; }

    /// <summary>Gets the learning-rate schedule; <see cref="LearningRateSchedule.CosineWithWarmup"/> by default.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.CosineWithWarmup;

    /// <summary>Gets the fraction of all steps spent warming up (cosine schedule); in [0, 1); 0.05 by default.</summary>
    public double WarmupFraction { get; init; } = 0.05;

    /// <summary>Gets the final learning rate of the cosine schedule as a fraction of the peak; in [0, 1]; 0 by default.</summary>
    public double MinLearningRateFraction { get; init; }

    /// <summary>
    /// Gets the largest global L2 norm of the gradients before each step (larger gradients are scaled down), or
    /// <see langword="null"/> (default) for no clipping; positive when set.
    /// </summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>Gets the default learning rate of an optimizer: 0.05 for SGD, 1e-3 for Adam and AdamW.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The learning rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="optimizer"/> is not an <see cref="OptimizerKind"/>.</exception>
    public static double DefaultLearningRate(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 0.05,
        OptimizerKind.Adam or OptimizerKind.AdamW => 1e-3,
        _ => throw UnknownOptimizer(optimizer),
    };

    /// <summary>
    /// Gets the default weight decay of an optimizer: 5e-4 for SGD, 0 for Adam (an L2 penalty fights Adam's
    /// normalisation), 0.05 for AdamW (decoupled: each step shrinks weights by learning rate × decay).
    /// </summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The weight decay.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="optimizer"/> is not an <see cref="OptimizerKind"/>.</exception>
    public static double DefaultWeightDecay(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 5e-4,
        OptimizerKind.Adam => 0,
        OptimizerKind.AdamW => 0.05,
        _ => throw UnknownOptimizer(optimizer),
    };

    /// <summary>Creates the default recipe of an optimizer: its default learning rate and weight decay, other settings as <see cref="TrainingRecipe()"/>.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>The recipe.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="optimizer"/> is not an <see cref="OptimizerKind"/>.</exception>
    public static TrainingRecipe For(OptimizerKind optimizer) => new()
    {
        Optimizer = optimizer,
        LearningRate = DefaultLearningRate(optimizer),
        WeightDecay = DefaultWeightDecay(optimizer),
    };

    /// <summary>Throws if a setting is out of range; the exception names the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range or not finite.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Optimizer))
        {
            throw UnknownOptimizer(Optimizer);
        }

        if (!Enum.IsDefined(Schedule))
        {
            throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "Unknown learning-rate schedule.");
        }

        RequireInRange(LearningRate, nameof(LearningRate), 0, double.MaxValue, minInclusive: false, maxInclusive: true);
        RequireInRange(Momentum, nameof(Momentum), 0, 1, minInclusive: true, maxInclusive: false);
        RequireInRange(WeightDecay, nameof(WeightDecay), 0, double.MaxValue, minInclusive: true, maxInclusive: true);
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        RequireInRange(LabelSmoothing, nameof(LabelSmoothing), 0, 1, minInclusive: true, maxInclusive: false);
        RequireInRange(Dropout, nameof(Dropout), 0, 1, minInclusive: true, maxInclusive: false);
        RequireInRange(WarmupFraction, nameof(WarmupFraction), 0, 1, minInclusive: true, maxInclusive: false);
        RequireInRange(MinLearningRateFraction, nameof(MinLearningRateFraction), 0, 1, minInclusive: true, maxInclusive: true);
        if (GradientClipNorm is { } clip)
        {
            RequireInRange(clip, nameof(GradientClipNorm), 0, double.MaxValue, minInclusive: false, maxInclusive: true);
        }

        Augmentation?.Validate();
    }

    private static void RequireInRange(double value, string name, double min, double max, bool minInclusive, bool maxInclusive)
    {
        var aboveMin = minInclusive ? value >= min : value > min;
        var belowMax = maxInclusive ? value <= max : value < max;
        if (!double.IsFinite(value) || !aboveMin || !belowMax)
        {
            var range = string.Create(
                CultureInfo.InvariantCulture,
                $"{(minInclusive ? '[' : '(')}{min}, {(max == double.MaxValue ? "∞" : max.ToString(CultureInfo.InvariantCulture))}{(maxInclusive && max != double.MaxValue ? ']' : ')')}");
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and in {range}.");
        }
    }

    private static ArgumentOutOfRangeException UnknownOptimizer(OptimizerKind optimizer) =>
        new(nameof(optimizer), optimizer, "Unknown optimizer.");
}
