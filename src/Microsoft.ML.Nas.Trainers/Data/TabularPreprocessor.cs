namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>
/// Turns raw tabular columns into a numeric feature matrix, with every statistic fitted on training rows only:
/// numeric columns are imputed (mean or median) and standardized, categorical columns one-hot encoded. Immutable
/// once fitted; saved with <see cref="ToJson"/> so a model can preprocess raw rows at prediction time.
/// </summary>
/// <remarks>
/// <para>
/// Numeric column: a missing value becomes <see cref="TabularFittedColumn.ImputedValue"/>, then
/// <c>feature = (x − mean) / std</c> with the mean and population standard deviation of the non-missing training
/// values (std 1 when the values are all equal). With mean imputation a missing value therefore becomes 0.
/// </para>
/// <para>
/// Categorical column: one indicator per training category (ordinal order), plus a last indicator for "missing" when
/// training rows had missing values. A category unseen in training, or a missing value when training had none,
/// encodes as all zeros.
/// </para>
/// </remarks>
public sealed partial class TabularPreprocessor
{
    private readonly HashSet<string> _missingTokens;

    private TabularPreprocessor(
        string labelColumn,
        TabularTask task,
        string[]? classNames,
        IReadOnlyList<string> missingValueTokens,
        TabularFittedColumn[] columns)
    {
        LabelColumn = labelColumn;
        Task = task;
        ClassNames = classNames is null ? null : Array.AsReadOnly(classNames);
        MissingValueTokens = Array.AsReadOnly(missingValueTokens.ToArray());
        _missingTokens = missingValueTokens.ToHashSet(StringComparer.Ordinal);
        Columns = Array.AsReadOnly(columns);
        FeatureNames = Array.AsReadOnly(columns.SelectMany(column => column.FeatureNames).ToArray());
    }

    /// <summary>The label column's name.</summary>
    public string LabelColumn { get; }

    /// <summary>Classification or regression.</summary>
    public TabularTask Task { get; }

    /// <summary>For classification, the class names in index order; <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The raw values that mean "missing" in <see cref="TransformRow"/> (those the training frame was read with).</summary>
    public IReadOnlyList<string> MissingValueTokens { get; }

    /// <summary>The fitted raw columns in feature order, with their layout and statistics.</summary>
    public IReadOnlyList<TabularFittedColumn> Columns { get; }

    /// <summary>The number of features per transformed row.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>One name per feature: the column name for a numeric column, <c>{column}={category}</c> for one-hot.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Fits the preprocessing on training rows.</summary>
    /// <param name="train">The training rows (never the validation or test rows: their statistics would leak).</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The fitted preprocessor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="train"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The frame has no rows or no feature columns, or an option is invalid.</exception>
    public static TabularPreprocessor Fit(TabularFrame train, TabularPreprocessorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new TabularPreprocessorOptions();
        options.Validate();
        if (train.RowCount == 0)
        {
            throw new ArgumentException($"Cannot fit on '{train.SourceName}': the frame has no rows.", nameof(train));
        }

        if (train.Columns.Count == 0)
        {
            throw new ArgumentException(
                $"Cannot fit on '{train.SourceName}': it has no feature columns besides the label '{train.LabelColumn}'.", nameof(train));
        }

        var columns = new TabularFittedColumn[train.Columns.Count];
        var offset = 0;
        for (var c = 0; c < columns.Length; c++)
        {
            var column = train.Columns[c];
            columns[c] = column.Numbers is { } numbers
                ? FitNumeric(column.Name, offset, numbers, options.NumericImputation)
                : FitCategorical(column, offset, options.MaxCategoriesPerColumn);
            offset += columns[c].FeatureWidth;
        }

        return new TabularPreprocessor(
            train.LabelColumn, train.Task, train.ClassNames?.ToArray(), train.MissingValueTokens, columns);
    }

    /// <summary>Transforms a frame (training, validation, test, or a separately loaded file) into a dataset.</summary>
    /// <param name="frame">The rows; it must have every fitted column and the same task.</param>
    /// <returns>The features (rows × <see cref="FeatureCount"/>) and labels mapped to this preprocessor's classes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The frame's task differs from the fitted one.</exception>
    /// <exception cref="InvalidDataException">
    /// The frame lacks a fitted column, has text in a column fitted as numeric, or a class the preprocessor does not know.
    /// </exception>
    public TabularDataset Transform(TabularFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Task != Task)
        {
            throw new ArgumentException(
                $"The preprocessor was fitted for {Task} but '{frame.SourceName}' is read for {frame.Task}; set TabularLoadOptions.Task.",
                nameof(frame));
        }

        var features = new float[frame.RowCount * FeatureCount];
        foreach (var fitted in Columns)
        {
            if (!frame.TryGetColumn(fitted.Name, out var column))
            {
                throw TabularValues.AtColumn(
                    frame.SourceName,
                    fitted.Name,
                    $"the preprocessor was fitted on this column but the frame lacks it. Frame columns: {TabularValues.NameList(frame.Columns.Select(c => c.Name))}.");
            }

            for (var row = 0; row < frame.RowCount; row++)
            {
                var destination = features.AsSpan(row * FeatureCount, FeatureCount);
                if (fitted.Kind == TabularColumnKind.Categorical)
                {
                    fitted.WriteCategory(column.Values[row], destination);
                }
                else if (column.Numbers is { } numbers)
                {
                    fitted.WriteNumber(numbers[row], destination);
                }
                else
                {
                    // The frame read this column as text (another file, or declared categorical there).
                    if (ParseNumber(column.Values[row], out var value) is { } error)
                    {
                        throw TabularValues.AtCell(frame.SourceName, frame.LineNumbers[row], fitted.Name, error);
                    }

                    fitted.WriteNumber(value, destination);
                }
            }
        }

        return Task == TabularTask.Classification
            ? new TabularDataset(Task, features, FeatureNames, MapClasses(frame), ClassNames, null)
            : new TabularDataset(Task, features, FeatureNames, null, null, Array.ConvertAll(frame.RegressionTargetArray!, target => (float)target));
    }

    /// <summary>Transforms one raw row, as text keyed by column name (the way a CSV or a form gives it).</summary>
    /// <param name="row">
    /// A value for every fitted column (other keys, such as the label, are ignored); <see langword="null"/> or a
    /// <see cref="MissingValueTokens">missing token</see> is a missing value; numbers in invariant culture.
    /// </param>
    /// <returns>The <see cref="FeatureCount"/> features.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A fitted column has no entry, or a numeric column holds text, NaN or infinity.</exception>
    public float[] TransformRow(IReadOnlyDictionary<string, string?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var features = new float[FeatureCount];
        foreach (var fitted in Columns)
        {
            if (!row.TryGetValue(fitted.Name, out var text))
            {
                throw new ArgumentException(
                    $"The row has no entry for column '{fitted.Name}'. The preprocessor needs: {TabularValues.NameList(Columns.Select(c => c.Name))}.",
                    nameof(row));
            }

            var value = text?.Trim() is { } trimmed && !_missingTokens.Contains(trimmed) ? trimmed : null;
            if (fitted.Kind == TabularColumnKind.Categorical)
            {
                fitted.WriteCategory(value, features);
            }
            else
            {
                if (ParseNumber(value, out var number) is { } error)
                {
                    throw new ArgumentException($"Column '{fitted.Name}': {error}", nameof(row));
                }

                fitted.WriteNumber(number, features);
            }
        }

        return features;
    }

    private static TabularFittedColumn FitNumeric(string name, int offset, double[] numbers, TabularNumericImputation imputation)
    {
        var observed = numbers.Where(value => !double.IsNaN(value)).ToArray();
        if (observed.Length == 0)
        {
            return TabularFittedColumn.Numeric(name, offset, mean: 0, standardDeviation: 1, imputedValue: 0);
        }

        // Equal values would leave rounding noise in the mean and the deviation; scaling by that noise would turn
        // it into features. A constant column is centred exactly and left unscaled instead.
        if (observed.Min() == observed.Max())
        {
            // Mean and median are both the constant.
            return TabularFittedColumn.Numeric(name, offset, mean: observed[0], standardDeviation: 1, imputedValue: observed[0]);
        }

        var mean = observed.Average();
        var sumOfSquares = observed.Sum(value => (value - mean) * (value - mean));
        var standardDeviation = Math.Sqrt(sumOfSquares / observed.Length);
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
        {
            standardDeviation = 1;
        }

        var imputed = imputation == TabularNumericImputation.Mean ? mean : Median(observed);
        return TabularFittedColumn.Numeric(name, offset, mean, standardDeviation, imputed);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static TabularFittedColumn FitCategorical(TabularColumn column, int offset, int maxCategories)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in column.Values)
        {
            if (value is not null)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        var categories = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(maxCategories)
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return TabularFittedColumn.Categorical(column.Name, offset, categories, hasMissingCategory: column.MissingCount > 0);
    }

    /// <summary>Parses a value of a numeric column; returns why it is bad, or null (with NaN for a missing value).</summary>
    private static string? ParseNumber(string? text, out double value)
    {
        value = double.NaN;
        if (text is null)
        {
            return null;
        }

        if (!TabularValues.TryParseNumber(text, out var parsed))
        {
            return $"expected a number (the preprocessor was fitted on a numeric column), found {TabularValues.Quote(text)}.";
        }

        if (!double.IsFinite(parsed))
        {
            return TabularValues.NotFinite(text);
        }

        value = parsed;
        return null;
    }

    private int[] MapClasses(TabularFrame frame)
    {
        var indexOf = ClassNames!.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);
        var frameLabels = frame.ClassLabelArray!;
        var frameNames = frame.ClassNames!;
        var labels = new int[frame.RowCount];
        for (var row = 0; row < labels.Length; row++)
        {
            var name = frameNames[frameLabels[row]];
            if (!indexOf.TryGetValue(name, out labels[row]))
            {
                throw TabularValues.AtCell(
                    frame.SourceName,
                    frame.LineNumbers[row],
                    LabelColumn,
                    $"class '{name}' is not one of the {ClassNames!.Count} classes the preprocessor was fitted with: {TabularValues.NameList(ClassNames!)}.");
            }
        }

        return labels;
    }
}
