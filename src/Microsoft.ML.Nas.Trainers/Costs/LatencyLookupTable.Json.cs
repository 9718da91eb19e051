using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <content>The table's JSON file: <see cref="Save"/> and <see cref="Load"/>.</content>
public sealed partial class LatencyLookupTable
{
    /// <summary>The value of the <c>format</c> property that marks a NasML latency table file.</summary>
    public const string FileFormat = "nasml-latency-table";

    /// <summary>The file format version this library writes and reads.</summary>
    public const int FileVersion = 1;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Writes the table as JSON: <c>{"format":"nasml-latency-table","version":1,"source":...,"machine":{...},
    /// "overheadMilliseconds":...,"entries":{"key":{"medianMilliseconds":...,"minimumMilliseconds":...,"p10Milliseconds":...,"p90Milliseconds":...,"runs":...}}}</c>,
    /// entries in ordinal key order. The text goes to a temporary file in the same folder, which then replaces
    /// <paramref name="path"/>, so a reader never sees half a table.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">
    /// The file cannot be written, or <paramref name="path"/> holds a file that is not a latency table (which is never
    /// replaced, so that a mistyped path cannot destroy another file); the message names the path.
    /// </exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath) && !LooksLikeTable(fullPath))
        {
            throw new IOException($"'{fullPath}' exists and is not a NasML latency table; it was left untouched. Choose another path or delete the file.");
        }

        var file = new TableFile(FileFormat, FileVersion, Source, Machine, OverheadMilliseconds, new SortedDictionary<string, LatencyMeasurement>(
            _entries.ToDictionary(), StringComparer.Ordinal));
        var temporary = fullPath + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(file, s_json));
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads a table written by <see cref="Save"/>; the file is only read.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not valid JSON, not a latency table (no or another <c>format</c>), of an unsupported version, or has a
    /// missing or invalid value; the message names the path and the problem.
    /// </exception>
    public static LatencyLookupTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"There is no latency table at '{fullPath}'.", fullPath);
        }

        var text = File.ReadAllText(fullPath);
        CheckHeader(fullPath, text);
        TableFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TableFile>(text, s_json);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            throw Invalid(fullPath, exception.Message, exception);
        }

        if (file is null)
        {
            throw Invalid(fullPath, "the file holds null.", null);
        }

        if (file.Entries is null || file.Machine is null || file.Source is null)
        {
            throw Invalid(fullPath, "'entries', 'machine' and 'source' are required.", null);
        }

        try
        {
            return new LatencyLookupTable(file.Entries, file.OverheadMilliseconds, file.Machine, file.Source);
        }
        catch (ArgumentException exception)
        {
            throw Invalid(fullPath, exception.Message, exception);
        }
    }

    private static void CheckHeader(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException exception)
        {
            throw Invalid(path, $"it is not valid JSON ({exception.Message})", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != FileFormat)
            {
                throw Invalid(path, $"it is not a NasML latency table (expected an object with \"format\": \"{FileFormat}\").", null);
            }

            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number))
            {
                throw Invalid(path, "it has no integer 'version'.", null);
            }

            if (number != FileVersion)
            {
                throw Invalid(path, string.Create(
                    CultureInfo.InvariantCulture, $"it has format version {number}; this library reads version {FileVersion}. Rebuild the table."), null);
            }
        }
    }

    /// <summary>Whether the file is a latency table of any version (which <see cref="Save"/> may replace).</summary>
    private static bool LooksLikeTable(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("format", out var format)
                && format.ValueKind == JsonValueKind.String
                && format.GetString() == FileFormat;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static InvalidDataException Invalid(string path, string problem, Exception? inner) =>
        new($"The latency table '{path}' cannot be read: {problem}", inner);

    /// <summary>The file's JSON shape.</summary>
    private sealed record TableFile(
        string Format,
        int Version,
        string Source,
        LatencyTableMachine Machine,
        double OverheadMilliseconds,
        SortedDictionary<string, LatencyMeasurement> Entries);
}
