using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>
/// A table turned into numbers, ready for a trainer: a row-major feature matrix and the labels. Produced by
/// <see cref="TabularPreprocessor.Transform(TabularFrame)"/>; trainers turn the arrays into tensors.
/// </summary>
/// <remarks>The arrays are shared, not copied: treat them as read-only.</remarks>
public sealed class TabularDataset
{
    /// <summary>Creates a dataset from arrays (kept, not copied).</summary>
    /// <param name="task">Classification or regression.</param>
    /// <param name="features">Row-major features, <c>rows × featureCount</c>; every value finite.</param>
    /// <param name="featureNames">One name per feature column.</param>
    /// <param name="classLabels">For classification, one class index in [0, K) per row; otherwise <see langword="null"/>.</param>
    /// <param name="classNames">For classification, the K ≥ 2 class names; otherwise <see langword="null"/>.</param>
    /// <param name="regressionTargets">For regression, one finite target per row; otherwise <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required array is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The shapes disagree, or the labels do not match the task.</exception>
    public TabularDataset(
        TabularTask task,
        float[] features,
        IReadOnlyList<string> featureNames,
        int[]? classLabels,
        IReadOnlyList<string>? classNames,
        float[]? regressionTargets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one feature column.", nameof(featureNames));
        }

        if (features.Length % featureNames.Count != 0)
        {
            throw new ArgumentException(
                $"{features.Length} feature values do not split into rows of {featureNames.Count} features.", nameof(features));
        }

        var notFinite = Array.FindIndex(features, value => !float.IsFinite(value));
        if (notFinite >= 0)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Feature value {features[notFinite]} at row {notFinite / featureNames.Count}, feature '{featureNames[notFinite % featureNames.Count]}' is not finite."),
                nameof(features));
        }

        var rows = features.Length / featureNames.Count;
        if (task == TabularTask.Classification)
        {
            ValidateClassification(rows, classLabels, classNames, regressionTargets);
        }
        else if (task == TabularTask.Regression)
        {
            ValidateRegression(rows, classLabels, classNames, regressionTargets);
        }
        else
        {
            throw new ArgumentException($"Task {(int)task} is not a TabularTask.", nameof(task));
        }

        Task = task;
        Features = features;
        FeatureNames = featureNames.ToArray();
        ClassLabels = classLabels;
        ClassNames = classNames?.ToArray();
        RegressionTargets = regressionTargets;
        RowCount = rows;
    }

    /// <summary>Classification or regression.</summary>
    public TabularTask Task { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The number of features per row (columns of <see cref="Features"/>).</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>The features, row-major: row r's features are <c>Features[r·FeatureCount .. (r+1)·FeatureCount)</c>.</summary>
    public float[] Features { get; }

    /// <summary>One name per feature column, e.g. <c>Tenure</c> or <c>Contract=One year</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>For classification, each row's class index in [0, K); <see langword="null"/> for regression.</summary>
    public int[]? ClassLabels { get; }

    /// <summary>For classification, the K class names in index order; <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>For regression, each row's target; <see langword="null"/> for classification.</summary>
    public float[]? RegressionTargets { get; }

    /// <summary>The number of classes (K) for classification; 0 for regression.</summary>
    public int ClassCount => ClassNames?.Count ?? 0;

    private static void ValidateClassification(int rows, int[]? classLabels, IReadOnlyList<string>? classNames, float[]? regressionTargets)
    {
        ArgumentNullException.ThrowIfNull(classLabels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (regressionTargets is not null)
        {
            throw new ArgumentException("A classification dataset has no regression targets.", nameof(regressionTargets));
        }

        if (classNames.Count < 2)
        {
            throw new ArgumentException($"Classification needs at least 2 classes, got {classNames.Count}.", nameof(classNames));
        }

        if (classLabels.Length != rows)
        {
            throw new ArgumentException($"{classLabels.Length} class labels for {rows} rows.", nameof(classLabels));
        }

        var outside = Array.FindIndex(classLabels, label => (uint)label >= (uint)classNames.Count);
        if (outside >= 0)
        {
            throw new ArgumentException(
                $"Class label {classLabels[outside]} of row {outside} is outside [0, {classNames.Count}).", nameof(classLabels));
        }
    }

    private static void ValidateRegression(int rows, int[]? classLabels, IReadOnlyList<string>? classNames, float[]? regressionTargets)
    {
        ArgumentNullException.ThrowIfNull(regressionTargets);
        if (classLabels is not null || classNames is not null)
        {
            throw new ArgumentException("A regression dataset has no class labels or class names.", nameof(classLabels));
        }

        if (regressionTargets.Length != rows)
        {
            throw new ArgumentException($"{regressionTargets.Length} regression targets for {rows} rows.", nameof(regressionTargets));
        }

        var notFinite = Array.FindIndex(regressionTargets, value => !float.IsFinite(value));
        if (notFinite >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Regression target {regressionTargets[notFinite]} of row {notFinite} is not finite."),
                nameof(regressionTargets));
        }
    }
}
