using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.UserModules;

/// <summary>Writes a <see cref="Parameter"/> as its own JSON (<see cref="Parameter.ToJson()"/>) and reads it back.</summary>
internal sealed class ParameterJsonConverter : JsonConverter<Parameter>
{
    public override Parameter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return Parameter.FromJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, Parameter value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteRawValue(value.ToJson());
    }
}
