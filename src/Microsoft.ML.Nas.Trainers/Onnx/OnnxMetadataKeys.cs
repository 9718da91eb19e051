namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>The keys of the model metadata (ONNX <c>metadata_props</c>) that <see cref="OnnxExporter"/> writes.</summary>
public static class OnnxMetadataKeys
{
    /// <summary>The architecture as the search space's Parameter JSON (<see cref="OnnxExportOptions.ArchitectureJson"/>).</summary>
    public const string Architecture = "nasml.architecture";

    /// <summary>The class labels as a JSON array of strings, in logit order (classification).</summary>
    public const string ClassLabels = "nasml.class_labels";

    /// <summary>The task: <c>classification</c> or <c>regression</c>.</summary>
    public const string Task = "nasml.task";

    /// <summary>The per-sample input shape as a JSON array, e.g. <c>[1,28,28]</c> (the graph input is <c>[batch, ...]</c>).</summary>
    public const string InputShape = "nasml.input_shape";

    /// <summary>The names of a table's features in input order, as a JSON array (<see cref="OnnxExportOptions.FeatureNames"/>).</summary>
    public const string FeatureNames = "nasml.feature_names";

    /// <summary>
    /// The normalization the graph applies to its input, as JSON <c>{"mean":[...],"std":[...],"missing":[...]|null}</c>;
    /// absent when none. Informational: callers feed raw values.
    /// </summary>
    public const string InputNormalization = "nasml.input_normalization";
}
