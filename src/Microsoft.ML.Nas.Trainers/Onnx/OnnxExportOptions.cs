using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>What <see cref="OnnxExporter"/> writes besides the network: input shape and normalization, outputs, metadata.</summary>
/// <remarks>
/// The graph has one input <c>input</c>, float32 <c>[batch, ...InputShape]</c> with a dynamic batch dimension named
/// <c>batch</c>. Classification adds the outputs <c>logits</c> <c>[batch, K]</c> and <c>probabilities</c> (softmax of
/// the logits); regression adds <c>score</c> <c>[batch, outputs]</c>.
/// </remarks>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// Gets the shape of one input sample, without the batch dimension: <c>[channels, height, width]</c> for images
    /// (<c>[1, 28, 28]</c> for Fashion-MNIST), <c>[features]</c> for tables. Required.
    /// </summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>Gets the task, which decides the outputs; <see cref="TrainingTask.Classification"/> by default.</summary>
    public TrainingTask Task { get; init; } = TrainingTask.Classification;

    /// <summary>
    /// Gets the class labels in logit order (classification), written to the metadata
    /// (<see cref="OnnxMetadataKeys.ClassLabels"/>); their number must equal the model's outputs. <see langword="null"/> by default.
    /// </summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>
    /// Gets the names of a table's features in input order (e.g. <see cref="Data.TabularPreprocessor.FeatureNames"/>),
    /// written to the metadata (<see cref="OnnxMetadataKeys.FeatureNames"/>) so that callers can encode rows;
    /// <see langword="null"/> by default. Their number must equal the input's features.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>
    /// Gets the input normalization that the graph applies (per channel for images on raw 0–255 pixels, per feature for
    /// tables), so that callers feed raw values; <see langword="null"/> (the default) for none.
    /// </summary>
    public OnnxInputNormalization? InputNormalization { get; init; }

    /// <summary>
    /// Gets the standardization of regression targets the network was trained on: the graph then outputs
    /// <c>score = network · StandardDeviation + Mean</c>, in the targets' units. <see langword="null"/> (the default)
    /// outputs the network's values as they are.
    /// </summary>
    public TargetStandardization? TargetStandardization { get; init; }

    /// <summary>
    /// Gets the architecture as JSON (the search space's Parameter), written to the metadata
    /// (<see cref="OnnxMetadataKeys.Architecture"/>); <see langword="null"/> by default.
    /// </summary>
    public string? ArchitectureJson { get; init; }

    /// <summary>Gets more metadata entries to write (keys must not be those of <see cref="OnnxMetadataKeys"/>); none by default.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Gets the model's version (ONNX <c>model_version</c>); 1 by default.</summary>
    public long ModelVersion { get; init; } = 1;

    /// <summary>Gets a description written as the model's <c>doc_string</c>; <see langword="null"/> by default.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Gets a value indicating whether batch normalisation that directly follows a convolution is folded into the
    /// convolution's weights (see <see cref="BatchNormFolding"/>); <see langword="true"/> by default.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// Gets the converters to use: <see cref="OnnxConverterRegistry.Default"/> when <see langword="null"/> (the default),
    /// or a registry built from it with <see cref="OnnxConverterRegistry.With{TModule}"/> to export module types of your own.
    /// </summary>
    public OnnxConverterRegistry? Converters { get; init; }
}
