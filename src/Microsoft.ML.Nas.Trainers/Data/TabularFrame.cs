using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>
/// A table as read by <see cref="TabularDataLoader"/>: raw feature columns, the label and where each row came from.
/// Immutable. Fit a <see cref="TabularPreprocessor"/> on a training frame to turn frames into features.
/// </summary>
public sealed class TabularFrame
{
    private readonly int[] _lineNumbers;
    private readonly int[]? _classLabels;
    private readonly double[]? _regressionTargets;
    private readonly Dictionary<string, TabularColumn> _columnsByName;

    internal TabularFrame(
        string sourceName,
        IReadOnlyList<TabularColumn> columns,
        string labelColumn,
        TabularTask task,
        int[]? classLabels,
        string[]? classNames,
        double[]? regressionTargets,
        int[] lineNumbers,
        IReadOnlyList<string> missingValueTokens)
    {
        Debug.Assert(task == TabularTask.Classification == (classLabels is not null && classNames is not null), "Classes iff classification.");
        Debug.Assert(task == TabularTask.Regression == (regressionTargets is not null), "Targets iff regression.");
        SourceName = sourceName;
        Columns = Array.AsReadOnly(columns.ToArray());
        LabelColumn = labelColumn;
        Task = task;
        _classLabels = classLabels;
        _regressionTargets = regressionTargets;
        _lineNumbers = lineNumbers;
        ClassLabels = classLabels is null ? null : Array.AsReadOnly(classLabels);
        ClassNames = classNames is null ? null : Array.AsReadOnly(classNames);
        RegressionTargets = regressionTargets is null ? null : Array.AsReadOnly(regressionTargets);
        LineNumbers = Array.AsReadOnly(lineNumbers);
        MissingValueTokens = missingValueTokens;
        _columnsByName = columns.ToDictionary(column => column.Name, StringComparer.Ordinal);
    }

    /// <summary>The file (or the name given for a reader) the rows came from; used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => _lineNumbers.Length;

    /// <summary>The feature columns in header order (the label and ignored columns are not among them).</summary>
    public IReadOnlyList<TabularColumn> Columns { get; }

    /// <summary>The label column's name.</summary>
    public string LabelColumn { get; }

    /// <summary>Classification or regression (declared or inferred).</summary>
    public TabularTask Task { get; }

    /// <summary>
    /// For classification, the class names in index order: numeric labels by value (written in shortest round-trip
    /// invariant form, so <c>1.0</c> and <c>1</c> are the same class <c>"1"</c>), text labels ordinally.
    /// <see langword="null"/> for regression.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>For classification, each row's class index into <see cref="ClassNames"/>; <see langword="null"/> for regression.</summary>
    public IReadOnlyList<int>? ClassLabels { get; }

    /// <summary>For regression, each row's target; <see langword="null"/> for classification.</summary>
    public IReadOnlyList<double>? RegressionTargets { get; }

    /// <summary>The 1-based line of the source on which each row starts (so messages can point at the file).</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>The field values that were read as missing (see <see cref="TabularLoadOptions.MissingValueTokens"/>).</summary>
    public IReadOnlyList<string> MissingValueTokens { get; }

    internal int[]? ClassLabelArray => _classLabels;

    internal double[]? RegressionTargetArray => _regressionTargets;

    /// <summary>Finds a feature column by name (ordinal).</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="column">The column, when found.</param>
    /// <returns>Whether the frame has a feature column of that name.</returns>
    public bool TryGetColumn(string name, [NotNullWhen(true)] out TabularColumn? column) =>
        _columnsByName.TryGetValue(name, out column);

    /// <summary>A frame with the given rows, in the given order (repeats allowed), keeping the class names.</summary>
    /// <param name="rows">0-based row indices.</param>
    /// <returns>The new frame; line numbers still point at the source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="RowCount"/>).</exception>
    public TabularFrame SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var indices = rows.ToArray();
        foreach (var row in indices)
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(rows), row, $"Row index {row} is outside the frame's {RowCount} rows.");
            }
        }

        return new TabularFrame(
            SourceName,
            Columns.Select(column => column.Select(indices)).ToArray(),
            LabelColumn,
            Task,
            _classLabels is null ? null : Array.ConvertAll(indices, row => _classLabels[row]),
            ClassNames?.ToArray(),
            _regressionTargets is null ? null : Array.ConvertAll(indices, row => _regressionTargets[row]),
            Array.ConvertAll(indices, row => _lineNumbers[row]),
            MissingValueTokens);
    }

    /// <summary>
    /// Splits the rows at random into a training part and a held-out part (for validation or test), stratified by
    /// class for classification: every class contributes ⌊n_c·f⌋ or ⌈n_c·f⌉ rows to the held-out part, and the
    /// held-out part has round(n·f) rows in all. Rows keep their original order within each part.
    /// </summary>
    /// <param name="holdoutFraction">The fraction of rows to hold out, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle: the same seed gives the same split.</param>
    /// <returns>The two parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="holdoutFraction"/> is not in (0, 1), or leaves one part empty.
    /// </exception>
    public TabularSplit Split(double holdoutFraction, int seed)
    {
        var random = new Random(seed);
        var (train, holdout) = TabularSplitter.Split(this, Enumerable.Range(0, RowCount).ToArray(), holdoutFraction, random, nameof(holdoutFraction));
        return new TabularSplit(SelectRows(train), SelectRows(holdout));
    }

    /// <summary>
    /// Splits the rows into training, validation and test parts (stratified for classification): the test part is
    /// held out first, then the validation part from the rest, each sized as a fraction of all rows.
    /// </summary>
    /// <param name="validationFraction">The fraction of all rows for validation, in (0, 1).</param>
    /// <param name="testFraction">The fraction of all rows for test, in (0, 1); the two fractions sum to less than 1.</param>
    /// <param name="seed">The seed of the shuffles: the same seed gives the same split.</param>
    /// <returns>The three parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is out of range, or a part would be empty.</exception>
    public TabularThreeWaySplit SplitThreeWays(double validationFraction, double testFraction, int seed)
    {
        if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction),
                validationFraction,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The validation ({validationFraction}) and test ({testFraction}) fractions must be positive and sum to less than 1."));
        }

        var random = new Random(seed);
        var (rest, test) = TabularSplitter.Split(this, Enumerable.Range(0, RowCount).ToArray(), testFraction, random, nameof(testFraction));
        var (train, validation) = TabularSplitter.Split(
            this, rest, validationFraction / (1 - testFraction), random, nameof(validationFraction));
        return new TabularThreeWaySplit(SelectRows(train), SelectRows(validation), SelectRows(test));
    }
}
