using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <content>JSON reading and writing.</content>
public sealed partial class Parameter
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Writes the parameter as compact JSON. Objects keep their key order; a <see cref="ParameterType.Number"/>
    /// always has a fraction or exponent (<c>1.0</c>, <c>1E-05</c>) and an <see cref="ParameterType.Integer"/>
    /// never does, so <see cref="FromJson"/> gives back an equal parameter.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => ToJson(indented: false);

    /// <summary>Writes the parameter as JSON (see <see cref="ToJson()"/>).</summary>
    /// <param name="indented">Whether to indent the output for reading.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, MaxDepth = 256 }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Converts the parameter to a <see cref="JsonNode"/>.</summary>
    /// <returns>The node; <see langword="null"/> for <see cref="ParameterType.Null"/>.</returns>
    public JsonNode? ToJsonNode() => JsonNode.Parse(ToJson());

    /// <summary>
    /// Reads a parameter from JSON. Numbers written without a fraction or exponent that fit in 64 bits become
    /// <see cref="ParameterType.Integer"/>; all other numbers become <see cref="ParameterType.Number"/>.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The text is not valid JSON, an object repeats a key, or a number is out of the double range.</exception>
    public static Parameter FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, s_documentOptions);
        return FromJsonElement(document.RootElement);
    }

    /// <summary>Converts a <see cref="JsonNode"/> to a parameter (see <see cref="FromJson"/>).</summary>
    /// <param name="node">The node; <see langword="null"/> stands for JSON <c>null</c>.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="JsonException">An object repeats a key or a number is not finite.</exception>
    public static Parameter FromJsonNode(JsonNode? node) => FromJson(node?.ToJsonString() ?? "null");

    /// <summary>Converts a parsed JSON element to a parameter.</summary>
    internal static Parameter FromJsonElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new OrderedDictionary<string, Parameter>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!properties.TryAdd(property.Name, FromJsonElement(property.Value)))
                    {
                        throw new JsonException($"The JSON object repeats the key '{property.Name}'.");
                    }
                }

                return new Parameter(properties);
            case JsonValueKind.Array:
                return new Parameter(element.EnumerateArray().Select(FromJsonElement).ToList());
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                bool hasFraction = raw.AsSpan().IndexOfAny(".eE") >= 0;
                if (!hasFraction && element.TryGetInt64(out long integer))
                {
                    return new Parameter(integer);
                }

                if (!element.TryGetDouble(out double number) || !double.IsFinite(number))
                {
                    throw new JsonException($"The JSON number {raw} is outside the range of a double.");
                }

                return new Parameter(number);
            case JsonValueKind.String:
                return new Parameter(element.GetString()!);
            case JsonValueKind.True:
                return new Parameter(true);
            case JsonValueKind.False:
                return new Parameter(false);
            case JsonValueKind.Null:
                return Null;
            default:
                throw new JsonException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    /// <summary>Formats a finite double so that it reads back as a double: shortest round-trip digits with a fraction or exponent.</summary>
    internal static string FormatNumber(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny(".eE") >= 0 ? text : text + ".0";
    }

    /// <summary>Writes this parameter to <paramref name="writer"/>.</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        switch (ParameterType)
        {
            case ParameterType.Object:
                writer.WriteStartObject();
                foreach (var (key, value) in _object!)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
            case ParameterType.Array:
                writer.WriteStartArray();
                foreach (var item in _array!)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            case ParameterType.Integer:
                writer.WriteNumberValue(_integer);
                break;
            case ParameterType.Number:
                writer.WriteRawValue(FormatNumber(_number), skipInputValidation: true);
                break;
            case ParameterType.String:
                writer.WriteStringValue(_string);
                break;
            case ParameterType.Bool:
                writer.WriteBooleanValue(_bool);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
