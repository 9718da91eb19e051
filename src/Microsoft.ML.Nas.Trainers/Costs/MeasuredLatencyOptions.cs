namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// How <see cref="LatencyMeasurer"/> times a forward pass: batch size, libtorch intra-op threads, warm-up runs and
/// measured runs. Immutable; every setter validates its value.
/// </summary>
/// <remarks>
/// The reported latency is the median of the measured runs by default (robust to the occasional preemption), or their
/// minimum (<see cref="Statistic"/>), which suits a busy machine better; every measurement also keeps the 10th and 90th
/// percentiles for the spread. The defaults (batch 1, one thread, 5 warm-up runs, 30 measured
/// runs) match single-sample inference on one core, the setting in which ProxylessNAS and Once-for-All report CPU
/// latency.
/// </remarks>
public sealed record MeasuredLatencyOptions
{
    /// <summary>Gets the number of samples per forward pass; at least 1; 1 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int BatchSize
    {
        get;
        init
        {
            field = LatencySettings.RequireBatchSize(value, nameof(BatchSize));
        }
    } = 1;

    /// <summary>Gets the libtorch intra-op thread count while measuring (the previous count is restored); at least 1; 1 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Threads
    {
        get;
        init
        {
            field = LatencySettings.RequireThreads(value, nameof(Threads));
        }
    } = 1;

    /// <summary>Gets the number of untimed forward passes before timing (caches, allocator, oneDNN primitives); at least 0; 5 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int WarmupRuns
    {
        get;
        init
        {
            field = LatencySettings.RequireWarmupRuns(value, nameof(WarmupRuns));
        }
    } = 5;

    /// <summary>Gets the number of timed forward passes whose median is reported; at least 1; 30 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MeasuredRuns
    {
        get;
        init
        {
            field = LatencySettings.RequireMeasuredRuns(value, nameof(MeasuredRuns));
        }
    } = 30;

    /// <summary>Gets which summary of the timed runs cost models and lookup tables report; <see cref="LatencyStatistic.Median"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a <see cref="LatencyStatistic"/> member.</exception>
    public LatencyStatistic Statistic
    {
        get;
        init
        {
            field = LatencySettings.RequireStatistic(value, nameof(Statistic));
        }
    }
}
