using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>Reads and writes the JSON definitions of options (see <see cref="SearchSpace.ToJson()"/>).</summary>
internal static class SearchSpaceJson
{
    public static string Write(OptionBase option, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, MaxDepth = 256 }))
        {
            option.WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static SearchSpace ReadSpace(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return ReadOption(document.RootElement, "$") as SearchSpace
            ?? throw new JsonException("$: expected a definition with \"type\": \"space\".");
    }

    private static OptionBase ReadOption(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{path}: expected an option object, got {element.ValueKind}.");
        }

        string type = RequireProperty(element, "type", path, JsonValueKind.String).GetString()!;
        try
        {
            return type switch
            {
                "space" => ReadSpace(element, path),
                "int" => new UniformIntOption(
                    RequireProperty(element, "min", path, JsonValueKind.Number).GetInt32(),
                    RequireProperty(element, "max", path, JsonValueKind.Number).GetInt32(),
                    ReadLogBase(element, path),
                    element.TryGetProperty("default", out var intDefault) ? intDefault.GetInt32() : null),
                "double" => new UniformDoubleOption(
                    RequireProperty(element, "min", path, JsonValueKind.Number).GetDouble(),
                    RequireProperty(element, "max", path, JsonValueKind.Number).GetDouble(),
                    ReadLogBase(element, path),
                    element.TryGetProperty("default", out var doubleDefault) ? doubleDefault.GetDouble() : null),
                "float" => new UniformSingleOption(
                    RequireProperty(element, "min", path, JsonValueKind.Number).GetSingle(),
                    RequireProperty(element, "max", path, JsonValueKind.Number).GetSingle(),
                    ReadLogBase(element, path),
                    element.TryGetProperty("default", out var floatDefault) ? floatDefault.GetSingle() : null),
                "bool" => element.TryGetProperty("default", out var boolDefault)
                    ? new BooleanOption(boolDefault.GetBoolean())
                    : new BooleanOption(),
                "choice" => ReadChoice(element, path),
                _ => throw new JsonException($"{path}: unknown option type '{type}' (expected space, int, double, float, bool or choice)."),
            };
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new JsonException($"{path}: {exception.Message}", exception);
        }
    }

    private static SearchSpace ReadSpace(JsonElement element, string path)
    {
        var options = RequireProperty(element, "options", path, JsonValueKind.Object);
        var space = new SearchSpace();
        foreach (var property in options.EnumerateObject())
        {
            if (space.ContainsKey(property.Name))
            {
                throw new JsonException($"{path}.options: the key '{property.Name}' occurs more than once.");
            }

            space.Add(property.Name, ReadOption(property.Value, $"{path}.options.{property.Name}"));
        }

        return space;
    }

    private static ChoiceOption ReadChoice(JsonElement element, string path)
    {
        var values = new List<ChoiceValue>();
        int index = 0;
        foreach (var item in RequireProperty(element, "values", path, JsonValueKind.Array).EnumerateArray())
        {
            string itemPath = $"{path}.values[{index++}]";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(ChoiceOption.ValueKey, out var value))
            {
                throw new JsonException($"{itemPath}: expected an object with a \"{ChoiceOption.ValueKey}\" property.");
            }

            SearchSpace? subSpace = null;
            if (item.TryGetProperty("space", out var space))
            {
                subSpace = ReadOption(space, $"{itemPath}.space") as SearchSpace
                    ?? throw new JsonException($"{itemPath}.space: expected a definition with \"type\": \"space\".");
            }

            values.Add(new ChoiceValue(Parameter.FromJsonElement(value), subSpace));
        }

        var defaultValue = element.TryGetProperty("default", out var given) ? Parameter.FromJsonElement(given) : null;
        return new ChoiceOption(values, defaultValue);
    }

    private static bool ReadLogBase(JsonElement element, string path) =>
        element.TryGetProperty("logBase", out var logBase)
        && (logBase.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? logBase.GetBoolean()
            : throw new JsonException($"{path}.logBase: expected true or false."));

    private static JsonElement RequireProperty(JsonElement element, string name, string path, JsonValueKind kind)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw new JsonException($"{path}: the property \"{name}\" is missing.");
        }

        return value.ValueKind == kind
            ? value
            : throw new JsonException($"{path}.{name}: expected {kind}, got {value.ValueKind}.");
    }
}
