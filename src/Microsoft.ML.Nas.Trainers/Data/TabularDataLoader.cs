using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>
/// Reads delimited text tables (CSV) into a <see cref="TabularFrame"/>: raw feature columns with inferred or declared
/// kinds, and the label read for classification or regression.
/// </summary>
/// <remarks>
/// <para>
/// Parsing follows RFC 4180 (CsvHelper): fields may be quoted, quoted fields may hold separators, doubled quotes and
/// line breaks; spaces around unquoted fields are trimmed; blank lines are skipped. The first non-blank record is
/// the header; it names every column (an empty name becomes <c>Column{n}</c>, n 1-based), and names are unique.
/// </para>
/// <para>
/// Bad input raises <see cref="InvalidDataException"/> naming the source, the 1-based line the row starts on, the
/// column, what was expected and what was found. See docs/tabular-data.md for the rules.
/// </para>
/// </remarks>
public static class TabularDataLoader
{
    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file (UTF-8, or UTF-16/32 with a byte-order mark).</param>
    /// <param name="options">How to read it; <see cref="TabularLoadOptions.LabelColumn"/> is required.</param>
    /// <returns>The raw table.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or an option is invalid.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed; the message says where and why.</exception>
    public static TabularFrame LoadCsv(string path, TabularLoadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, options, path);
    }

    /// <summary>Reads CSV text from a reader (for streams and in-memory text).</summary>
    /// <param name="reader">The text; it is read to the end but not disposed.</param>
    /// <param name="options">How to read it; <see cref="TabularLoadOptions.LabelColumn"/> is required.</param>
    /// <param name="sourceName">The name to use for the source in error messages.</param>
    /// <returns>The raw table.</returns>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is empty, or an option is invalid.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The text is malformed; the message says where and why.</exception>
    public static TabularFrame LoadCsv(TextReader reader, TabularLoadOptions options, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        options.Validate();
        return Load(reader, options, sourceName);
    }

    private static TabularFrame Load(TextReader reader, TabularLoadOptions options, string source)
    {
        var table = ReadRecords(reader, options, source);
        var header = table.Header;
        var labelIndex = IndexOf(header, options.LabelColumn, "Label column", source, table.HeaderLine);
        var ignored = options.IgnoreColumns
            .Select(name => IndexOf(header, name, "Ignored column", source, table.HeaderLine))
            .ToHashSet();
        foreach (var name in options.ColumnKinds.Keys)
        {
            _ = IndexOf(header, name, "Column in ColumnKinds", source, table.HeaderLine);
        }

        var columns = new List<TabularColumn>();
        for (var c = 0; c < header.Length; c++)
        {
            if (c != labelIndex && !ignored.Contains(c))
            {
                var declared = options.ColumnKinds.TryGetValue(header[c], out var kind) ? kind : (TabularColumnKind?)null;
                columns.Add(ReadColumn(header[c], table.Cells[c], declared, table.Lines, source));
            }
        }

        var label = TabularLabelReader.Read(
            header[labelIndex], table.Cells[labelIndex], options.Task, table.Lines, source);
        return new TabularFrame(
            source,
            columns,
            header[labelIndex],
            label.Task,
            label.ClassLabels,
            label.ClassNames,
            label.RegressionTargets,
            table.Lines,
            options.MissingValueTokens);
    }

    private static TabularColumn ReadColumn(string name, string?[] cells, TabularColumnKind? declared, int[] lines, string source)
    {
        if (declared == TabularColumnKind.Categorical)
        {
            return new TabularColumn(name, TabularColumnKind.Categorical, cells, numbers: null);
        }

        var numbers = new double[cells.Length];
        for (var row = 0; row < cells.Length; row++)
        {
            var cell = cells[row];
            if (cell is null)
            {
                numbers[row] = double.NaN;
            }
            else if (!TabularValues.TryParseNumber(cell, out numbers[row]))
            {
                if (declared is null)
                {
                    return new TabularColumn(name, TabularColumnKind.Categorical, cells, numbers: null);
                }

                throw TabularValues.AtCell(
                    source, lines[row], name, $"expected a number (the column is declared Numeric), found {TabularValues.Quote(cell)}.");
            }
        }

        // Checked only once the column is known to be numeric: in a text column "NaN" is just a category.
        for (var row = 0; row < cells.Length; row++)
        {
            if (cells[row] is { } cell && !double.IsFinite(numbers[row]))
            {
                throw TabularValues.AtCell(source, lines[row], name, TabularValues.NotFinite(cell));
            }
        }

        return new TabularColumn(name, TabularColumnKind.Numeric, cells, numbers);
    }

    private static int IndexOf(string[] header, string name, string role, string source, int headerLine)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0
            ? index
            : throw TabularValues.AtLine(source, headerLine, TabularValues.MissingColumn(role, name, header));
    }

    private static RawTable ReadRecords(TextReader reader, TabularLoadOptions options, string source)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Separator.ToString(),
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
        };
        var missing = options.MissingValueTokens.ToHashSet(StringComparer.Ordinal);
        using var parser = new CsvParser(reader, configuration, leaveOpen: true);
        try
        {
            if (!ReadNonBlank(parser))
            {
                throw new InvalidDataException($"'{source}' is empty: expected a header row naming the columns.");
            }

            var headerLine = StartLine(parser);
            var header = ReadHeader(parser.Record!, source, headerLine);
            var cells = header.Select(_ => new List<string?>()).ToArray();
            var lines = new List<int>();
            while (ReadNonBlank(parser))
            {
                var record = parser.Record!;
                var line = StartLine(parser);
                if (record.Length != header.Length)
                {
                    throw RaggedRow(source, line, record, header);
                }

                for (var c = 0; c < record.Length; c++)
                {
                    cells[c].Add(missing.Contains(record[c]) ? null : record[c]);
                }

                lines.Add(line);
            }

            if (lines.Count == 0)
            {
                throw TabularValues.AtLine(source, headerLine, "the file has a header but no data rows.");
            }

            return new RawTable(header, headerLine, cells.Select(column => column.ToArray()).ToArray(), lines.ToArray());
        }
        catch (BadDataException exception)
        {
            throw TabularValues.AtLine(
                source,
                exception.Context?.Parser?.RawRow ?? 0,
                $"malformed quoting in {TabularValues.Quote(exception.Field)}: a quote inside an unquoted field, text after a " +
                "closing quote, or an unclosed quote. Quote the whole field and double any quote inside it.");
        }
    }

    /// <summary>Reads the next record, skipping lines that hold only spaces (the parser skips empty ones).</summary>
    private static bool ReadNonBlank(CsvParser parser)
    {
        while (parser.Read())
        {
            if (parser.Record is not [{ Length: 0 }] || parser.RawRecord.Contains('"', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] ReadHeader(string[] record, string source, int line)
    {
        var header = new string[record.Length];
        for (var c = 0; c < record.Length; c++)
        {
            // A byte-order mark survives when the text comes from a reader that did not strip it.
            var name = c == 0 ? record[c].TrimStart('\uFEFF').Trim() : record[c];
            header[c] = name.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"Column{c + 1}") : name;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < header.Length; c++)
        {
            if (!seen.TryAdd(header[c], c))
            {
                throw TabularValues.AtLine(
                    source,
                    line,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"column '{header[c]}' appears twice in the header (fields {seen[header[c]] + 1} and {c + 1}); column names must be unique."));
            }
        }

        return header;
    }

    private static InvalidDataException RaggedRow(string source, int line, string[] record, string[] header)
    {
        var detail = record.Length < header.Length
            ? $"no value for column {TabularValues.NameList(header.Skip(record.Length))}"
            : $"field {header.Length + 1} ({TabularValues.Quote(record[header.Length])}) lies past the last column '{header[^1]}'";
        return TabularValues.AtLine(
            source,
            line,
            string.Create(
                CultureInfo.InvariantCulture,
                $"the row has {record.Length} fields but the header has {header.Length}: {detail}. A value holding the separator must be quoted."));
    }

    /// <summary>The 1-based line on which the current record starts (it may span lines inside quotes).</summary>
    private static int StartLine(CsvParser parser)
    {
        var raw = parser.RawRecord.AsSpan();
        if (raw.EndsWith("\r\n"))
        {
            raw = raw[..^2];
        }
        else if (raw.EndsWith("\n") || raw.EndsWith("\r"))
        {
            raw = raw[..^1];
        }

        var breaks = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')))
            {
                breaks++;
            }
        }

        return parser.RawRow - breaks;
    }

    private sealed record RawTable(string[] Header, int HeaderLine, string?[][] Cells, int[] Lines);
}
