namespace Microsoft.ML.Nas.Constraints;

/// <summary>The well-known cost names cost models report and constraints refer to; any other name works too.</summary>
public static class CostNames
{
    /// <summary>The number of trainable parameters.</summary>
    public const string Parameters = "parameters";

    /// <summary>Multiply-accumulate operations for one inference.</summary>
    public const string Macs = "macs";

    /// <summary>Inference latency in milliseconds.</summary>
    public const string LatencyMilliseconds = "latencyMilliseconds";

    /// <summary>Peak memory of one inference in bytes.</summary>
    public const string PeakMemoryBytes = "peakMemoryBytes";
}
