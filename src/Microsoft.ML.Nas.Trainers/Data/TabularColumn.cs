using System.Diagnostics;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>One raw feature column of a <see cref="TabularFrame"/>: its name, kind and values as read.</summary>
public sealed class TabularColumn
{
    private readonly string?[] _values;

    internal TabularColumn(string name, TabularColumnKind kind, string?[] values, double[]? numbers)
    {
        Debug.Assert(kind == TabularColumnKind.Numeric == (numbers is not null), "Numeric columns carry numbers.");
        Debug.Assert(numbers is null || numbers.Length == values.Length, "One number per value.");
        Name = name;
        Kind = kind;
        _values = values;
        Numbers = numbers;
        Values = Array.AsReadOnly(values);
        MissingCount = values.Count(value => value is null);
    }

    /// <summary>The column's name, as in the header.</summary>
    public string Name { get; }

    /// <summary>Whether the column is read as numbers or as categories (inferred or declared).</summary>
    public TabularColumnKind Kind { get; }

    /// <summary>The values as read (surrounding spaces trimmed), one per row; <see langword="null"/> marks a missing value.</summary>
    public IReadOnlyList<string?> Values { get; }

    /// <summary>How many values are missing.</summary>
    public int MissingCount { get; }

    /// <summary>For a numeric column, the parsed values (finite; <see cref="double.NaN"/> marks a missing value).</summary>
    internal double[]? Numbers { get; }

    /// <summary>The column restricted to the given rows, in that order.</summary>
    internal TabularColumn Select(int[] rows)
    {
        var values = new string?[rows.Length];
        var numbers = Numbers is null ? null : new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = _values[rows[i]];
            if (numbers is not null)
            {
                numbers[i] = Numbers![rows[i]];
            }
        }

        return new TabularColumn(Name, Kind, values, numbers);
    }
}
