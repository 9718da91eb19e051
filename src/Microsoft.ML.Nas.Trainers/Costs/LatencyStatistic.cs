using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>Which summary of the timed runs a latency cost reports.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LatencyStatistic>))]
public enum LatencyStatistic
{
    /// <summary>The median run: the typical latency on the machine as it is, robust to an occasional slow run. The default.</summary>
    Median,

    /// <summary>
    /// The fastest run: the latency without interference, since other work can only slow a run down. Prefer it on a
    /// shared or busy machine, where a forward pass longer than a scheduler time slice is often preempted and the median
    /// of whole networks then measures the load more than the network.
    /// </summary>
    Minimum,
}
