namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>Reads the label column: infers the task when it is not declared, maps classes to indices.</summary>
internal static class TabularLabelReader
{
    /// <summary>An inferred classification label has at most this many distinct values...</summary>
    public const int MaxInferredClasses = 20;

    /// <summary>...and at most this fraction of the row count (unless it has only 2).</summary>
    public const double MaxInferredClassFraction = 0.05;

    /// <summary>Integers up to 2^53 are exact in a double.</summary>
    private const double MaxExactInteger = 9007199254740992.0;

    public static LabelValues Read(string name, string?[] cells, TabularTask? declared, int[] lines, string source)
    {
        for (var row = 0; row < cells.Length; row++)
        {
            if (cells[row] is null)
            {
                throw TabularValues.AtCell(source, lines[row], name, "the label is missing; every row needs a label.");
            }
        }

        var texts = Array.ConvertAll(cells, cell => cell!);
        var numbers = new double[texts.Length];
        var firstText = Array.FindIndex(texts, text => !TabularValues.TryParseNumber(text, out _));
        var allNumeric = firstText < 0;
        if (allNumeric)
        {
            for (var row = 0; row < texts.Length; row++)
            {
                _ = TabularValues.TryParseNumber(texts[row], out numbers[row]);
                if (!double.IsFinite(numbers[row]))
                {
                    throw TabularValues.AtCell(source, lines[row], name, TabularValues.NotFinite(texts[row]));
                }

                // -0 and 0 are the same class.
                numbers[row] += 0.0;
            }
        }

        var task = declared ?? Infer(allNumeric, numbers);
        if (task == TabularTask.Regression)
        {
            return allNumeric
                ? new LabelValues(task, null, null, numbers)
                : throw TabularValues.AtCell(
                    source,
                    lines[firstText],
                    name,
                    $"expected a number for a regression label, found {TabularValues.Quote(texts[firstText])}.");
        }

        var classNames = allNumeric
            ? numbers.Distinct().Order().Select(TabularValues.FormatNumber).ToArray()
            : texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classNames.Length < 2)
        {
            var how = declared is null ? "inferred" : "declared";
            throw TabularValues.AtColumn(
                source,
                name,
                $"classification ({how}) needs at least 2 classes, but all {texts.Length} rows have the label '{classNames[0]}'.");
        }

        var indexOf = classNames.Select((className, index) => (className, index))
            .ToDictionary(pair => pair.className, pair => pair.index, StringComparer.Ordinal);
        var labels = allNumeric
            ? Array.ConvertAll(numbers, value => indexOf[TabularValues.FormatNumber(value)])
            : Array.ConvertAll(texts, text => indexOf[text]);
        return new LabelValues(TabularTask.Classification, labels, classNames, null);
    }

    /// <summary>
    /// Text labels are classes. Integer-valued labels with at most 2 distinct values, or at most
    /// min(<see cref="MaxInferredClasses"/>, ⌊<see cref="MaxInferredClassFraction"/>·rows⌋), are classes. Otherwise regression.
    /// </summary>
    private static TabularTask Infer(bool allNumeric, double[] numbers)
    {
        if (!allNumeric)
        {
            return TabularTask.Classification;
        }

        var integers = numbers.All(value => Math.Abs(value) <= MaxExactInteger && value == Math.Floor(value));
        var distinct = numbers.Distinct().Count();
        var limit = Math.Min(MaxInferredClasses, (int)Math.Floor(MaxInferredClassFraction * numbers.Length));
        return integers && (distinct <= 2 || distinct <= limit) ? TabularTask.Classification : TabularTask.Regression;
    }

    internal sealed record LabelValues(TabularTask Task, int[]? ClassLabels, string[]? ClassNames, double[]? RegressionTargets);
}
