using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// An elementwise activation function of a layer. JSON and search-space parameters spell it in lower case:
/// <c>none</c>, <c>relu</c>, <c>relu6</c>, <c>hardswish</c>, <c>silu</c>, <c>gelu</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
public enum Activation
{
    /// <summary>No activation (the identity).</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>max(0, x).</summary>
    [JsonStringEnumMemberName("relu")]
    ReLU,

    /// <summary>min(max(0, x), 6), as MobileNetV2.</summary>
    [JsonStringEnumMemberName("relu6")]
    ReLU6,

    /// <summary>x · ReLU6(x + 3) / 6, as MobileNetV3.</summary>
    [JsonStringEnumMemberName("hardswish")]
    Hardswish,

    /// <summary>x · sigmoid(x) (swish).</summary>
    [JsonStringEnumMemberName("silu")]
    SiLU,

    /// <summary>x · Φ(x), the exact Gaussian error linear unit.</summary>
    [JsonStringEnumMemberName("gelu")]
    GELU,
}
