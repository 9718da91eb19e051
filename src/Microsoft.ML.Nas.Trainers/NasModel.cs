using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>
/// A trained network ready to predict and to save: the module with its weights, the architecture description it was
/// built from (JSON), the preprocessing that turns raw inputs into its features (image normalization or a tabular
/// preprocessor), the class names or the target standardization, and the task.
/// </summary>
/// <remarks>
/// <para>
/// The model is agnostic of how architectures are described: it stores the description as JSON text and, when loading,
/// asks the caller for a factory that builds an untrained module from that text (for an architecture space,
/// <c>json =&gt; NetworkDescription.FromJson(json).Build()</c>); the saved weights are then loaded into it. So the model
/// format does not change when new kinds of architecture appear, and loading never runs code named by the file.
/// </para>
/// <para>
/// Predictions run in evaluation mode without gradients, in batches of <see cref="PredictionBatchSize"/>; calls are
/// serialized by a lock, so a model may be shared between threads. The model owns the module: <see cref="Dispose"/>
/// releases it. The file format is described in <see cref="Save"/>.
/// </para>
/// </remarks>
public sealed partial class NasModel : IDisposable
{
    private readonly Lock _lock = new();
    private readonly long[] _inputShape;
    private readonly string[]? _classNames;
    private readonly Dictionary<string, double> _metrics;
    private int _predictionBatchSize = 256;
    private bool _disposed;

    /// <summary>Initializes a model; it takes ownership of <paramref name="module"/>.</summary>
    /// <param name="module">The trained network.</param>
    /// <param name="architectureJson">The JSON description the module was built from (any JSON value; stored as given, validated as JSON).</param>
    /// <param name="task">Classification or regression.</param>
    /// <param name="inputShape">The shape of one sample's input, for example [1, 28, 28] or [12]; every size at least 1.</param>
    /// <param name="classNames">For classification, the class names in index order (the network's K outputs); otherwise <see langword="null"/>.</param>
    /// <param name="imageNormalization">For images, how raw pixels become inputs; its channels must match <paramref name="inputShape"/>[0].</param>
    /// <param name="targetStandardization">For regression, how outputs map back to target units; <see langword="null"/> means outputs are already in target units.</param>
    /// <param name="tabularPreprocessor">For tables, how raw rows become features (enables the row overloads); its feature count must match the input.</param>
    /// <param name="metrics">Metrics to keep with the model (for example the validation accuracy); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An argument does not fit the task or the input shape (the message names it).</exception>
    public NasModel(
        nn.Module<Tensor, Tensor> module,
        string architectureJson,
        TrainingTask task,
        IReadOnlyList<long> inputShape,
        IReadOnlyList<string>? classNames = null,
        ImageNormalization? imageNormalization = null,
        TargetStandardization? targetStandardization = null,
        TabularPreprocessor? tabularPreprocessor = null,
        IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(architectureJson);
        ArgumentNullException.ThrowIfNull(inputShape);
        try
        {
            using var document = JsonDocument.Parse(architectureJson);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The architecture description is not valid JSON: {exception.Message}", nameof(architectureJson), exception);
        }

        if (inputShape.Count == 0 || inputShape.Any(size => size < 1))
        {
            throw new ArgumentException($"The input shape [{string.Join(", ", inputShape)}] needs at least one dimension, each at least 1.", nameof(inputShape));
        }

        ValidateTask(task, classNames, targetStandardization);
        if (imageNormalization is not null && (inputShape.Count != 3 || inputShape[0] != imageNormalization.Channels))
        {
            throw new ArgumentException(
                $"An image normalization of {imageNormalization.Channels} channel(s) needs an input shape [{imageNormalization.Channels}, H, W], not [{string.Join(", ", inputShape)}].",
                nameof(imageNormalization));
        }

        if (tabularPreprocessor is not null && (inputShape.Count != 1 || inputShape[0] != tabularPreprocessor.FeatureCount))
        {
            throw new ArgumentException(
                $"The tabular preprocessor makes {tabularPreprocessor.FeatureCount} features; the input shape is [{string.Join(", ", inputShape)}].",
                nameof(tabularPreprocessor));
        }

        Module = module;
        ArchitectureJson = architectureJson;
        Task = task;
        _inputShape = [.. inputShape];
        _classNames = classNames?.ToArray();
        ImageNormalization = imageNormalization;
        TargetStandardization = targetStandardization;
        TabularPreprocessor = tabularPreprocessor;
        _metrics = metrics is null ? new(StringComparer.Ordinal) : new(metrics, StringComparer.Ordinal);
    }

    /// <summary>Gets the network (a TorchSharp module). The model owns it; do not dispose it.</summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>Gets the JSON description the network was built from.</summary>
    public string ArchitectureJson { get; }

    /// <summary>Gets classification or regression.</summary>
    public TrainingTask Task { get; }

    /// <summary>Gets the shape of one sample's input, for example [1, 28, 28] or [12].</summary>
    public IReadOnlyList<long> InputShape => _inputShape;

    /// <summary>Gets the class names in index order (what <see cref="PredictLabels(float[])"/>'s indices mean); <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames => _classNames;

    /// <summary>Gets the normalization of raw image pixels, or <see langword="null"/>.</summary>
    public ImageNormalization? ImageNormalization { get; }

    /// <summary>Gets the standardization of regression targets, or <see langword="null"/>.</summary>
    public TargetStandardization? TargetStandardization { get; }

    /// <summary>Gets the preprocessor of raw table rows, or <see langword="null"/>.</summary>
    public TabularPreprocessor? TabularPreprocessor { get; }

    /// <summary>Gets the metrics kept with the model (saved and loaded with it).</summary>
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>Gets or sets the number of samples per forward pass when predicting; at least 1; 256 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int PredictionBatchSize
    {
        get => _predictionBatchSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _predictionBatchSize = value;
        }
    }

    /// <summary>
    /// Creates a model from a trained module and the training data it learned: task, input shape, class names, image
    /// normalization and target standardization come from <paramref name="trainingData"/>.
    /// </summary>
    /// <param name="module">The trained network; the model takes ownership.</param>
    /// <param name="architectureJson">The JSON description the module was built from.</param>
    /// <param name="trainingData">The training data.</param>
    /// <param name="tabularPreprocessor">For tables, the preprocessor that made the training features; otherwise <see langword="null"/>.</param>
    /// <param name="metrics">Metrics to keep with the model, or <see langword="null"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An argument does not fit (see the constructor).</exception>
    public static NasModel Create(
        nn.Module<Tensor, Tensor> module,
        string architectureJson,
        TensorDataset trainingData,
        TabularPreprocessor? tabularPreprocessor = null,
        IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        return new NasModel(
            module,
            architectureJson,
            trainingData.Task,
            trainingData.SampleShape,
            trainingData.ClassNames,
            trainingData.ImageNormalization,
            trainingData.TargetStandardization,
            tabularPreprocessor,
            metrics);
    }

    /// <summary>Releases the network.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                Module.Dispose();
            }
        }
    }

    private static void ValidateTask(TrainingTask task, IReadOnlyList<string>? classNames, TargetStandardization? targetStandardization)
    {
        switch (task)
        {
            case TrainingTask.Classification:
                if (classNames is null || classNames.Count < 2 || classNames.Any(string.IsNullOrEmpty))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"A classification model needs at least 2 non-empty class names, got {classNames?.Count ?? 0}."),
                        nameof(classNames));
                }

                if (targetStandardization is not null)
                {
                    throw new ArgumentException("A classification model has no target standardization.", nameof(targetStandardization));
                }

                break;
            case TrainingTask.Regression:
                if (classNames is not null)
                {
                    throw new ArgumentException("A regression model has no class names.", nameof(classNames));
                }

                break;
            default:
                throw new ArgumentException($"Task {(int)task} is not a TrainingTask.", nameof(task));
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
