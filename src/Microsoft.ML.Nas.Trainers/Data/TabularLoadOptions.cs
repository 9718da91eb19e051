using System.Collections.ObjectModel;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>How <see cref="TabularDataLoader"/> reads a delimited text table. Immutable once built.</summary>
/// <remarks>
/// Column names are matched ordinally (case-sensitive). Collections passed to the init accessors are copied, so
/// changing the caller's list afterwards does not change the options.
/// </remarks>
public sealed class TabularLoadOptions
{
    private readonly IReadOnlyList<string> _ignoreColumns = [];
    private readonly IReadOnlyDictionary<string, TabularColumnKind> _columnKinds =
        ReadOnlyDictionary<string, TabularColumnKind>.Empty;

    private readonly IReadOnlyList<string> _missingValueTokens = DefaultMissingValueTokens;

    /// <summary>The tokens that mark a missing value by default: the empty field, <c>NA</c> and <c>?</c>.</summary>
    /// <remarks><c>NaN</c> is deliberately not among them: a literal <c>NaN</c> in a numeric column is bad input.</remarks>
    public static IReadOnlyList<string> DefaultMissingValueTokens { get; } = Array.AsReadOnly(new[] { string.Empty, "NA", "?" });

    /// <summary>The name of the label column (required). It must appear in the header.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>The field separator. Default <c>','</c>; must not be a quote or a line break.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Columns to drop (identifiers, leaks). Default: none. Each must appear in the header.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyList<string> IgnoreColumns
    {
        get => _ignoreColumns;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _ignoreColumns = Array.AsReadOnly(value.ToArray());
        }
    }

    /// <summary>
    /// The task, or <see langword="null"/> (default) to infer it from the label values: a label column with any
    /// non-numeric value is classification; an integer-valued label with at most 2 distinct values, or with at most
    /// <c>min(20, ⌊5% of the rows⌋)</c> distinct values, is classification; any other numeric label is regression.
    /// Set it when the rule guesses wrong (few rows, or integer targets such as counts).
    /// </summary>
    public TabularTask? Task { get; init; }

    /// <summary>
    /// Explicit kinds for some feature columns; the others are inferred (numeric when every non-missing value parses
    /// as an invariant-culture number, otherwise categorical). Default: none. Each key must appear in the header.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyDictionary<string, TabularColumnKind> ColumnKinds
    {
        get => _columnKinds;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _columnKinds = new ReadOnlyDictionary<string, TabularColumnKind>(
                new Dictionary<string, TabularColumnKind>(value, StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Field values (after trimming surrounding spaces) that mean "missing" in every column. Default:
    /// <see cref="DefaultMissingValueTokens"/> (empty, <c>NA</c>, <c>?</c>). Matched ordinally.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyList<string> MissingValueTokens
    {
        get => _missingValueTokens;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _missingValueTokens = Array.AsReadOnly(value.ToArray());
        }
    }

    /// <summary>Checks the options on their own (before any file is read).</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumn))
        {
            throw new ArgumentException("LabelColumn must name the label column.", nameof(LabelColumn));
        }

        if (Separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException(
                $"Separator must not be a quote or a line break (got U+{(int)Separator:X4}).", nameof(Separator));
        }

        if (Task is { } task && !Enum.IsDefined(task))
        {
            throw new ArgumentException($"Task {(int)task} is not a TabularTask.", nameof(Task));
        }

        foreach (var name in IgnoreColumns)
        {
            if (name is null)
            {
                throw new ArgumentException("IgnoreColumns contains a null name.", nameof(IgnoreColumns));
            }

            if (name == LabelColumn)
            {
                throw new ArgumentException(
                    $"IgnoreColumns contains the label column '{LabelColumn}'.", nameof(IgnoreColumns));
            }
        }

        foreach (var (name, kind) in ColumnKinds)
        {
            if (name == LabelColumn)
            {
                throw new ArgumentException(
                    $"ColumnKinds names the label column '{LabelColumn}'; set Task to choose how the label is read.",
                    nameof(ColumnKinds));
            }

            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException(
                    $"ColumnKinds['{name}'] = {(int)kind} is not a TabularColumnKind.", nameof(ColumnKinds));
            }

            if (IgnoreColumns.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"Column '{name}' is both ignored and given a kind in ColumnKinds.", nameof(ColumnKinds));
            }
        }

        if (MissingValueTokens.Any(token => token is null))
        {
            throw new ArgumentException("MissingValueTokens contains null.", nameof(MissingValueTokens));
        }
    }
}
