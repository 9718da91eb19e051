using System.Globalization;
using Microsoft.ML.Nas.Trainers.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// A whole dataset preloaded as two tensors: features, float32 <c>[N, ...]</c> (images <c>[N, C, H, W]</c>, already
/// normalized; table rows <c>[N, F]</c>), and targets, int64 class indices <c>[N]</c> for classification or float32
/// standardized values <c>[N, 1]</c> for regression. Mini-batches are cut from it natively by <see cref="BatchLoader"/>.
/// </summary>
/// <remarks>
/// The dataset owns its tensors (they are detached from every TorchSharp dispose scope): dispose it. It also keeps what turns
/// raw inputs into its features and its targets back into values (<see cref="ImageNormalization"/>,
/// <see cref="TargetStandardization"/>), so that a trained model can carry them.
/// </remarks>
public sealed class TensorDataset : IDisposable
{
    private readonly long[] _sampleShape;
    private readonly string[]? _classNames;
    private int[]? _classLabels;
    private float[]? _regressionTargets;

    private TensorDataset(
        Tensor features,
        Tensor targets,
        TrainingTask task,
        int classCount,
        string[]? classNames,
        ImageNormalization? imageNormalization,
        TargetStandardization? targetStandardization)
    {
        Features = features.DetachFromDisposeScope();
        Targets = targets.DetachFromDisposeScope();
        Task = task;
        ClassCount = classCount;
        _classNames = classNames;
        ImageNormalization = imageNormalization;
        TargetStandardization = targetStandardization;
        var shape = features.shape;
        Count = checked((int)shape[0]);
        _sampleShape = shape[1..];
    }

    /// <summary>Gets the features, float32 <c>[N, ...]</c>.</summary>
    public Tensor Features { get; }

    /// <summary>Gets the targets: int64 class indices <c>[N]</c>, or float32 standardized values <c>[N, 1]</c>.</summary>
    public Tensor Targets { get; }

    /// <summary>Gets classification or regression.</summary>
    public TrainingTask Task { get; }

    /// <summary>Gets the number of samples N.</summary>
    public int Count { get; }

    /// <summary>Gets the shape of one sample's features, for example [1, 28, 28] or [12].</summary>
    public IReadOnlyList<long> SampleShape => _sampleShape;

    /// <summary>Gets a value indicating whether the samples are images (<c>[C, H, W]</c>).</summary>
    public bool IsImage => _sampleShape.Length == 3;

    /// <summary>Gets the number of classes K for classification; 0 for regression.</summary>
    public int ClassCount { get; }

    /// <summary>Gets the class names in index order; for images without names, "0", "1", ...; <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames => _classNames;

    /// <summary>Gets the normalization of image features, or <see langword="null"/> for tables.</summary>
    public ImageNormalization? ImageNormalization { get; }

    /// <summary>Gets the standardization of regression targets, or <see langword="null"/> for classification.</summary>
    public TargetStandardization? TargetStandardization { get; }

    /// <summary>Gets the device the tensors live on.</summary>
    public Device Device => Features.device;

    /// <summary>
    /// Creates a classification dataset from IDX images (one channel) and their labels: features
    /// <c>[N, 1, H, W]</c>, normalized natively with <paramref name="normalization"/>.
    /// </summary>
    /// <param name="images">The images.</param>
    /// <param name="labels">One class index per image, in [0, K).</param>
    /// <param name="normalization">The normalization, usually fitted on the training images (<see cref="ImageNormalization.Fit"/>); one channel.</param>
    /// <param name="classNames">The K class names, or <see langword="null"/> for "0", "1", ..., with K one more than the largest label (at least 2).</param>
    /// <returns>The dataset, on the CPU.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The counts disagree, the normalization is not single-channel, or a label is outside the classes.</exception>
    public static TensorDataset FromImages(IdxImages images, ReadOnlySpan<byte> labels, ImageNormalization normalization, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(normalization);
        if (labels.Length != images.Count)
        {
            throw new ArgumentException($"{labels.Length} labels for {images.Count} images.", nameof(labels));
        }

        if (normalization.Channels != 1)
        {
            throw new ArgumentException($"IDX images have 1 channel; the normalization has {normalization.Channels}.", nameof(normalization));
        }

        var largest = labels.Length == 0 ? 0 : labels.ToArray().Max();
        var names = ResolveClassNames(classNames, Math.Max(2, largest + 1));
        var classLabels = new long[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= names.Length)
            {
                throw new ArgumentException($"Label {labels[i]} of image {i} is outside the {names.Length} classes.", nameof(labels));
            }

            classLabels[i] = labels[i];
        }

        using var scope = torch.NewDisposeScope();
        var raw = torch.tensor(images.Pixels, [images.Count, 1, images.Height, images.Width]);
        var features = normalization.Apply(raw);
        var targets = torch.tensor(classLabels);
        return new TensorDataset(features, targets, TrainingTask.Classification, names.Length, names, normalization, null);
    }

    /// <summary>
    /// Creates a dataset from a preprocessed table: features <c>[N, F]</c>; class indices, or regression targets
    /// standardized with <paramref name="targetStandardization"/>.
    /// </summary>
    /// <param name="table">The table, as produced by <see cref="TabularPreprocessor.Transform"/>.</param>
    /// <param name="targetStandardization">
    /// For regression, the standardization to apply (pass the training set's to a validation set), or
    /// <see langword="null"/> to fit one on this table's targets. Ignored for classification.
    /// </param>
    /// <returns>The dataset, on the CPU.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is <see langword="null"/>.</exception>
    public static TensorDataset FromTabular(TabularDataset table, TargetStandardization? targetStandardization = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var scope = torch.NewDisposeScope();
        var features = torch.tensor(table.Features, [table.RowCount, table.FeatureCount]);
        if (table.Task == TabularTask.Classification)
        {
            var labels = Array.ConvertAll(table.ClassLabels!, label => (long)label);
            return new TensorDataset(
                features, torch.tensor(labels), TrainingTask.Classification, table.ClassCount, [.. table.ClassNames!], null, null);
        }

        var standardization = targetStandardization ?? TargetStandardization.Fit(table.RegressionTargets!);
        var standardized = Array.ConvertAll(table.RegressionTargets!, target => (float)standardization.Standardize(target));
        return new TensorDataset(
            features, torch.tensor(standardized, [table.RowCount, 1]), TrainingTask.Regression, 0, null, null, standardization);
    }

    /// <summary>
    /// Creates a dataset from tensors; the dataset takes ownership of both (it disposes them) and removes them from any
    /// dispose scope.
    /// </summary>
    /// <param name="features">float32 features <c>[N, ...]</c>, already normalized.</param>
    /// <param name="targets">int64 class indices <c>[N]</c> (classification) or float32 standardized targets <c>[N]</c> or <c>[N, 1]</c> (regression).</param>
    /// <param name="task">The task.</param>
    /// <param name="classCount">For classification, the number of classes K ≥ 2; ignored for regression.</param>
    /// <param name="classNames">For classification, K class names or <see langword="null"/> for "0", "1", ....</param>
    /// <param name="imageNormalization">How raw images map to <paramref name="features"/>, if they are images.</param>
    /// <param name="targetStandardization">For regression, how the targets were standardized; <see langword="null"/> means they are in their own units.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">A tensor is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A dtype or shape does not fit the task, the class count is out of range, or a class label is outside it.</exception>
    public static TensorDataset FromTensors(
        Tensor features,
        Tensor targets,
        TrainingTask task,
        int classCount = 0,
        IReadOnlyList<string>? classNames = null,
        ImageNormalization? imageNormalization = null,
        TargetStandardization? targetStandardization = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.dtype != ScalarType.Float32 || features.dim() < 2)
        {
            throw new ArgumentException($"Features must be float32 [N, ...], got {CandidateTrainer.Describe(features)}.", nameof(features));
        }

        var count = features.size(0);
        if (task == TrainingTask.Classification)
        {
            if (targets.dtype != ScalarType.Int64 || targets.dim() != 1 || targets.size(0) != count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Classification targets must be int64 [{count}], got {CandidateTrainer.Describe(targets)}."), nameof(targets));
            }

            var names = ResolveClassNames(classNames, classCount);
            if (count > 0)
            {
                using var scope = torch.NewDisposeScope();
                var (smallest, largest) = (targets.min().item<long>(), targets.max().item<long>());
                if (smallest < 0 || largest >= names.Length)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Class labels span [{smallest}, {largest}]; they must lie in [0, {names.Length})."),
                        nameof(targets));
                }
            }

            return new TensorDataset(features, targets, task, names.Length, names, imageNormalization, null);
        }

        if (task != TrainingTask.Regression)
        {
            throw new ArgumentException($"Task {(int)task} is not a TrainingTask.", nameof(task));
        }

        var shape = targets.shape;
        if (targets.dtype != ScalarType.Float32 || shape.Length == 0 || shape[0] != count || !(shape.Length == 1 || (shape.Length == 2 && shape[1] == 1)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Regression targets must be float32 [{count}] or [{count}, 1], got {CandidateTrainer.Describe(targets)}."), nameof(targets));
        }

        var columns = shape.Length == 1 ? targets.reshape(count, 1) : targets;
        if (!ReferenceEquals(columns, targets))
        {
            targets.Dispose();
        }

        return new TensorDataset(features, columns, task, 0, null, imageNormalization, targetStandardization);
    }

    /// <summary>Creates a dataset of the given samples (copied natively with an index select), with the same metadata.</summary>
    /// <param name="rows">The sample indices, in the order wanted; each in [0, N).</param>
    /// <returns>A new dataset that the caller owns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A row is out of range.</exception>
    public TensorDataset Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var indices = new long[rows.Count];
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Count)
            {
                throw new ArgumentException($"Row {rows[i]} is outside the {Count} samples.", nameof(rows));
            }

            indices[i] = rows[i];
        }

        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(indices, device: Device);
        return new TensorDataset(
            Features.index_select(0, index), Targets.index_select(0, index), Task, ClassCount, _classNames, ImageNormalization, TargetStandardization);
    }

    /// <summary>Creates a copy on another device (for example to keep a whole dataset in GPU memory).</summary>
    /// <param name="device">The TorchSharp device, for example <c>torch.CUDA</c>.</param>
    /// <returns>A new dataset that the caller owns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> is <see langword="null"/>.</exception>
    public TensorDataset To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var scope = torch.NewDisposeScope();
        return new TensorDataset(
            Features.to(device), Targets.to(device), Task, ClassCount, _classNames, ImageNormalization, TargetStandardization);
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Targets.Dispose();
    }

    /// <summary>Gets the class index of every sample, on the CPU (read once, then cached).</summary>
    internal int[] ClassLabelArray() => _classLabels ??= Array.ConvertAll(ToHost<long>(Targets), label => (int)label);

    /// <summary>Gets every regression target in its own units, on the CPU (read once, then cached).</summary>
    internal float[] RegressionTargetArray()
    {
        if (_regressionTargets is null)
        {
            var values = ToHost<float>(Targets);
            if (TargetStandardization is { } standardization)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)standardization.Restore(values[i]);
                }
            }

            _regressionTargets = values;
        }

        return _regressionTargets;
    }

    private static T[] ToHost<T>(Tensor tensor)
        where T : unmanaged
    {
        using var scope = torch.NewDisposeScope();
        return tensor.to(CPU).contiguous().data<T>().ToArray();
    }

    private static string[] ResolveClassNames(IReadOnlyList<string>? classNames, int classCount)
    {
        if (classNames is not null)
        {
            if (classNames.Count < 2 || classNames.Any(string.IsNullOrEmpty) || classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Count)
            {
                throw new ArgumentException(
                    $"Class names must be at least 2 distinct non-empty names, got [{string.Join(", ", classNames)}].", nameof(classNames));
            }

            if (classCount > classNames.Count)
            {
                throw new ArgumentException($"{classNames.Count} class names for {classCount} classes.", nameof(classNames));
            }

            return [.. classNames];
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        return [.. Enumerable.Range(0, classCount).Select(index => index.ToString(CultureInfo.InvariantCulture))];
    }
}
