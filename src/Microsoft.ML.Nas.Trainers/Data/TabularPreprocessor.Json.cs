using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <content>Saving and loading a fitted preprocessor as JSON.</content>
public sealed partial class TabularPreprocessor
{
    /// <summary>The value of the <c>format</c> field of a saved preprocessor.</summary>
    public const string JsonFormat = "nasml-tabular-preprocessor";

    /// <summary>The version of the JSON layout written by <see cref="ToJson"/>.</summary>
    public const int JsonVersion = 1;

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Saves the fitted preprocessor as JSON (numbers round-trip exactly, so transforms are identical).</summary>
    /// <returns>The JSON text: format, version, label, task, classes, missing tokens and the fitted columns.</returns>
    public string ToJson()
    {
        var document = new Document
        {
            Format = JsonFormat,
            Version = JsonVersion,
            LabelColumn = LabelColumn,
            Task = Task,
            ClassNames = ClassNames?.ToArray(),
            MissingValueTokens = [.. MissingValueTokens],
            Columns = Columns.Select(column => new ColumnDocument
            {
                Name = column.Name,
                Kind = column.Kind,
                Mean = column.Mean,
                StandardDeviation = column.StandardDeviation,
                ImputedValue = column.ImputedValue,
                Categories = [.. column.Categories],
                HasMissingCategory = column.HasMissingCategory,
            }).ToArray(),
        };
        return JsonSerializer.Serialize(document, SerializerOptions);
    }

    /// <summary>Loads a preprocessor saved by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The preprocessor, transforming exactly as the saved one did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The text is not a valid saved preprocessor; the message says what is wrong.</exception>
    public static TabularPreprocessor FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(json, SerializerOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Preprocessor JSON is malformed: {exception.Message}", exception);
        }

        if (document is null)
        {
            throw Invalid("the document is null.");
        }

        if (document.Format != JsonFormat || document.Version != JsonVersion)
        {
            throw Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"expected format '{JsonFormat}' version {JsonVersion}, found '{document.Format}' version {document.Version}."));
        }

        if (string.IsNullOrEmpty(document.LabelColumn) || !Enum.IsDefined(document.Task))
        {
            throw Invalid("labelColumn must be a name and task Classification or Regression.");
        }

        ValidateClasses(document);
        if (document.MissingValueTokens is null || document.MissingValueTokens.Any(token => token is null))
        {
            throw Invalid("missingValueTokens must be a list of strings.");
        }

        if (document.Columns is not { Length: > 0 } columnDocuments)
        {
            throw Invalid("columns must list at least one column.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var columns = new TabularFittedColumn[columnDocuments.Length];
        var offset = 0;
        for (var c = 0; c < columns.Length; c++)
        {
            var column = columnDocuments[c] ?? throw Invalid(Invariant($"column {c} is null."));
            if (string.IsNullOrEmpty(column.Name) || !names.Add(column.Name))
            {
                throw Invalid(Invariant($"column {c} has an empty or repeated name '{column.Name}'."));
            }

            columns[c] = ReadColumn(column, offset);
            offset += columns[c].FeatureWidth;
        }

        return new TabularPreprocessor(document.LabelColumn, document.Task, document.ClassNames, document.MissingValueTokens, columns);
    }

    private static void ValidateClasses(Document document)
    {
        if (document.Task == TabularTask.Regression)
        {
            if (document.ClassNames is not null)
            {
                throw Invalid("a regression preprocessor has no classNames.");
            }

            return;
        }

        if (document.ClassNames is not { Length: >= 2 } classNames
            || classNames.Any(name => name is null)
            || classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Length)
        {
            throw Invalid("a classification preprocessor needs at least 2 distinct classNames.");
        }
    }

    private static TabularFittedColumn ReadColumn(ColumnDocument column, int offset)
    {
        var name = column.Name!;
        if (column.Kind == TabularColumnKind.Numeric)
        {
            if (!double.IsFinite(column.Mean) || !double.IsFinite(column.ImputedValue)
                || !(column.StandardDeviation > 0) || !double.IsFinite(column.StandardDeviation)
                || column.Categories is { Length: > 0 } || column.HasMissingCategory)
            {
                throw Invalid($"numeric column '{name}' needs a finite mean and imputedValue, a positive finite standardDeviation and no categories.");
            }

            return TabularFittedColumn.Numeric(name, offset, column.Mean, column.StandardDeviation, column.ImputedValue);
        }

        if (column.Kind != TabularColumnKind.Categorical
            || column.Categories is not { } categories
            || categories.Any(category => category is null)
            || categories.Distinct(StringComparer.Ordinal).Count() != categories.Length)
        {
            throw Invalid($"column '{name}' needs kind Numeric or Categorical, and a categorical column distinct categories.");
        }

        return TabularFittedColumn.Categorical(name, offset, categories, column.HasMissingCategory);
    }

    private static InvalidDataException Invalid(string detail) => new($"Preprocessor JSON is invalid: {detail}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Document
    {
        [JsonRequired]
        public string? Format { get; set; }

        [JsonRequired]
        public int Version { get; set; }

        [JsonRequired]
        public string? LabelColumn { get; set; }

        [JsonRequired]
        public TabularTask Task { get; set; }

        public string[]? ClassNames { get; set; }

        public string[]? MissingValueTokens { get; set; }

        [JsonRequired]
        public ColumnDocument?[]? Columns { get; set; }
    }

    private sealed class ColumnDocument
    {
        [JsonRequired]
        public string? Name { get; set; }

        [JsonRequired]
        public TabularColumnKind Kind { get; set; }

        public double Mean { get; set; }

        public double StandardDeviation { get; set; }

        public double ImputedValue { get; set; }

        public string[]? Categories { get; set; }

        public bool HasMissingCategory { get; set; }
    }
}
