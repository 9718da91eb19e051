using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The operation on one edge of a NAS-Bench-201 cell, spelled as in the benchmark's architecture strings
/// (<c>none</c>, <c>skip_connect</c>, <c>nor_conv_1x1</c>, <c>nor_conv_3x3</c>, <c>avg_pool_3x3</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<NasBench201Operation>))]
public enum NasBench201Operation
{
    /// <summary>The zero operation: the edge contributes nothing.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The identity.</summary>
    [JsonStringEnumMemberName("skip_connect")]
    SkipConnect,

    /// <summary>ReLU, 1×1 convolution, batch normalisation.</summary>
    [JsonStringEnumMemberName("nor_conv_1x1")]
    Conv1x1,

    /// <summary>ReLU, 3×3 convolution, batch normalisation.</summary>
    [JsonStringEnumMemberName("nor_conv_3x3")]
    Conv3x3,

    /// <summary>3×3 average pooling, stride 1, padding 1, padded zeros not counted.</summary>
    [JsonStringEnumMemberName("avg_pool_3x3")]
    AvgPool3x3,
}
