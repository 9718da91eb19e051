using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>Parsing and error wording shared by the loader and the preprocessor.</summary>
internal static class TabularValues
{
    /// <summary>Lists at most this many names in a message.</summary>
    private const int MaxNamesInMessage = 30;

    /// <summary>Parses an invariant-culture number (leading sign, decimal point, exponent; no thousands separators).</summary>
    /// <remarks>Accepts <c>NaN</c> and <c>Infinity</c>, which callers reject with <see cref="NotFinite"/>.</remarks>
    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The canonical text of a number: shortest round-trip, invariant culture.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An error located at a cell: source, 1-based line, column.</summary>
    public static InvalidDataException AtCell(string source, int line, string column, string detail) =>
        new(Invariant($"'{source}' line {line}, column '{column}': {detail}"));

    /// <summary>An error located at a line of the source.</summary>
    public static InvalidDataException AtLine(string source, int line, string detail) =>
        new(Invariant($"'{source}' line {line}: {detail}"));

    /// <summary>An error about a column as a whole.</summary>
    public static InvalidDataException AtColumn(string source, string column, string detail) =>
        new(Invariant($"'{source}', column '{column}': {detail}"));

    /// <summary>The wording for a literal NaN or infinity.</summary>
    public static string NotFinite(string text) =>
        $"found '{text}', which is not a finite number. NaN and infinite values are not accepted; write a missing " +
        "value as an empty field, NA or ? (or add the token to TabularLoadOptions.MissingValueTokens).";

    /// <summary>A column-name list for messages, quoted and comma-separated, shortened when long.</summary>
    public static string NameList(IEnumerable<string> names)
    {
        var all = names.ToList();
        var shown = string.Join(", ", all.Take(MaxNamesInMessage).Select(name => $"'{name}'"));
        return all.Count > MaxNamesInMessage ? Invariant($"{shown}, ... ({all.Count} in all)") : shown;
    }

    /// <summary>The message for a column that the source lacks, with a case-insensitive suggestion when one exists.</summary>
    public static string MissingColumn(string role, string name, IReadOnlyList<string> available)
    {
        var suggestion = available.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
        var hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'? Names are case-sensitive.";
        return $"{role} '{name}' is not a column. Available columns: {NameList(available)}.{hint}";
    }

    /// <summary>Quotes a found value for a message, shortened when long.</summary>
    public static string Quote(string? text)
    {
        const int MaxLength = 60;
        if (text is null)
        {
            return "a missing value";
        }

        return text.Length <= MaxLength ? $"'{text}'" : $"'{text[..MaxLength]}...'";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
