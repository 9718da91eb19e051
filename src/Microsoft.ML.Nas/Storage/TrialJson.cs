using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Nas.Storage;

/// <summary>
/// Writes and reads the small JSON documents a trial store keeps (metrics, costs, objectives). Non-finite numbers are
/// written as the strings "NaN", "Infinity" and "-Infinity", as System.Text.Json's named floating-point literals.
/// </summary>
internal static class TrialJson
{
    public static string WriteDictionary(IReadOnlyDictionary<string, double> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteNumber(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteList(IReadOnlyList<double> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                WriteNumber(writer, value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, double> ReadDictionary(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a JSON object of numbers, got {document.RootElement.ValueKind}.");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = ReadNumber(property.Value);
        }

        return values;
    }

    public static double[] ReadList(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Expected a JSON array of numbers, got {document.RootElement.ValueKind}.");
        }

        return [.. document.RootElement.EnumerateArray().Select(ReadNumber)];
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double ReadNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new JsonException($"Expected a number, got the string '{other}'."),
        },
        _ => throw new JsonException($"Expected a number, got {element.ValueKind}."),
    };
}
