using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The normalisation of a fully connected layer; JSON and parameters spell it <c>none</c> or <c>batch</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Normalization>))]
public enum Normalization
{
    /// <summary>No normalisation.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Batch normalisation of the layer's output.</summary>
    [JsonStringEnumMemberName("batch")]
    Batch,
}
