namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>
/// How one raw column becomes features, as fitted on training rows: for a numeric column one standardized feature,
/// for a categorical column one indicator per category. Exposes the layout so that exporters (ONNX) can rebuild the
/// transform: feature <c>FeatureOffset + i</c> belongs to this column for i in [0, <see cref="FeatureWidth"/>).
/// </summary>
public sealed class TabularFittedColumn
{
    /// <summary>The name of the indicator feature of a missing category: <c>{column}=&lt;missing&gt;</c>.</summary>
    public const string MissingCategoryName = "<missing>";

    private readonly Dictionary<string, int> _categoryIndex;

    private TabularFittedColumn(
        string name,
        TabularColumnKind kind,
        int featureOffset,
        double mean,
        double standardDeviation,
        double imputedValue,
        string[] categories,
        bool hasMissingCategory)
    {
        Name = name;
        Kind = kind;
        FeatureOffset = featureOffset;
        Mean = mean;
        StandardDeviation = standardDeviation;
        ImputedValue = imputedValue;
        Categories = Array.AsReadOnly(categories);
        HasMissingCategory = hasMissingCategory;
        _categoryIndex = categories.Select((category, index) => (category, index))
            .ToDictionary(pair => pair.category, pair => pair.index, StringComparer.Ordinal);
        FeatureNames = kind == TabularColumnKind.Numeric
            ? [name]
            : Array.AsReadOnly(categories
                .Concat(hasMissingCategory ? [MissingCategoryName] : [])
                .Select(category => $"{name}={category}")
                .ToArray());
    }

    /// <summary>The raw column's name.</summary>
    public string Name { get; }

    /// <summary>Numeric (one standardized feature) or categorical (one-hot).</summary>
    public TabularColumnKind Kind { get; }

    /// <summary>The index of this column's first feature in a transformed row.</summary>
    public int FeatureOffset { get; }

    /// <summary>How many features this column produces: 1 for numeric; categories (+1 for missing) for categorical.</summary>
    public int FeatureWidth => FeatureNames.Count;

    /// <summary>The names of this column's features: the column name, or <c>{column}={category}</c> per category.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>
    /// Numeric: the mean of the non-missing training values (0 when there are none), subtracted before scaling.
    /// Categorical: 0.
    /// </summary>
    public double Mean { get; }

    /// <summary>
    /// Numeric: the population standard deviation of the non-missing training values, or 1 when they are all equal
    /// (or absent), so the feature is <c>(x − Mean) / StandardDeviation</c>. Categorical: 1.
    /// </summary>
    public double StandardDeviation { get; }

    /// <summary>Numeric: the raw value that replaces a missing one (mean or median of training). Categorical: 0.</summary>
    public double ImputedValue { get; }

    /// <summary>
    /// Categorical: the categories seen in training (capped, see <see cref="TabularPreprocessorOptions.MaxCategoriesPerColumn"/>),
    /// in feature order (ordinal). A value outside them encodes as all zeros. Numeric: empty.
    /// </summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>
    /// Categorical: whether training rows had missing values, in which case the last feature of the column indicates
    /// a missing value. Otherwise a missing value encodes as all zeros, like an unseen category. Numeric: false.
    /// </summary>
    public bool HasMissingCategory { get; }

    internal static TabularFittedColumn Numeric(string name, int featureOffset, double mean, double standardDeviation, double imputedValue) =>
        new(name, TabularColumnKind.Numeric, featureOffset, mean, standardDeviation, imputedValue, [], hasMissingCategory: false);

    internal static TabularFittedColumn Categorical(string name, int featureOffset, string[] categories, bool hasMissingCategory) =>
        new(name, TabularColumnKind.Categorical, featureOffset, 0, 1, 0, categories, hasMissingCategory);

    /// <summary>Writes the standardized feature of a number (<see cref="double.NaN"/> = missing) into a zeroed row.</summary>
    internal void WriteNumber(double value, Span<float> row) =>
        row[FeatureOffset] = (float)(((double.IsNaN(value) ? ImputedValue : value) - Mean) / StandardDeviation);

    /// <summary>Writes the one-hot features of a category (<see langword="null"/> = missing) into a zeroed row.</summary>
    internal void WriteCategory(string? value, Span<float> row)
    {
        if (value is null)
        {
            if (HasMissingCategory)
            {
                row[FeatureOffset + Categories.Count] = 1;
            }
        }
        else if (_categoryIndex.TryGetValue(value, out var index))
        {
            row[FeatureOffset + index] = 1;
        }
    }
}
