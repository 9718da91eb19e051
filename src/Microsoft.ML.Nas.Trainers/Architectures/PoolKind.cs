using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The reduction of a pooling window; JSON spells it <c>max</c> or <c>avg</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PoolKind>))]
public enum PoolKind
{
    /// <summary>The window's maximum.</summary>
    [JsonStringEnumMemberName("max")]
    Max,

    /// <summary>The window's mean (padded zeros counted, as PyTorch's default).</summary>
    [JsonStringEnumMemberName("avg")]
    Average,
}
