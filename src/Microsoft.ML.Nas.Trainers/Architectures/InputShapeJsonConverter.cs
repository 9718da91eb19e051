using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>Writes an <see cref="InputShape"/> as a JSON array of its dimensions and reads it back.</summary>
internal sealed class InputShapeJsonConverter : JsonConverter<InputShape>
{
    public override InputShape Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A shape is an array of dimensions such as [1, 28, 28]; found {reader.TokenType}.");
        }

        var dimensions = new List<int>(3);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int dimension))
            {
                throw new JsonException($"A shape's dimensions are integers; found {reader.TokenType}.");
            }

            dimensions.Add(dimension);
        }

        try
        {
            return InputShape.FromDimensions(dimensions);
        }
        catch (ArgumentException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, InputShape value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (int dimension in value.Dimensions)
        {
            writer.WriteNumberValue(dimension);
        }

        writer.WriteEndArray();
    }
}
