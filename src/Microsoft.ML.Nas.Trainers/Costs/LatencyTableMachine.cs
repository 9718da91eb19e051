using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Where and how a <see cref="LatencyLookupTable"/> was measured: processor count, operating system, processor
/// architecture, .NET runtime, libtorch threads, batch size, warm-up and timed runs, the statistic entries report, and
/// the date. A table predicts
/// latency for this machine and these settings only.
/// </summary>
public sealed record LatencyTableMachine
{
    /// <summary>Initializes a new instance of the <see cref="LatencyTableMachine"/> class.</summary>
    /// <param name="processorCount">The logical processors the process could use; at least 1.</param>
    /// <param name="operatingSystem">The operating system description.</param>
    /// <param name="processArchitecture">The processor architecture of the process (for example <c>X64</c>).</param>
    /// <param name="runtime">The .NET runtime description.</param>
    /// <param name="threads">The libtorch intra-op threads while measuring; at least 1.</param>
    /// <param name="batchSize">The samples per forward pass; at least 1.</param>
    /// <param name="warmupRuns">The untimed runs before timing; at least 0.</param>
    /// <param name="measuredRuns">The timed runs per entry; at least 1.</param>
    /// <param name="statistic">The summary of the timed runs that predictions use.</param>
    /// <param name="createdAt">When the table was built.</param>
    /// <exception cref="ArgumentNullException">A text is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    [JsonConstructor]
    public LatencyTableMachine(
        int processorCount, string operatingSystem, string processArchitecture, string runtime,
        int threads, int batchSize, int warmupRuns, int measuredRuns, LatencyStatistic statistic, DateTimeOffset createdAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processorCount, 1);
        ArgumentNullException.ThrowIfNull(operatingSystem);
        ArgumentNullException.ThrowIfNull(processArchitecture);
        ArgumentNullException.ThrowIfNull(runtime);
        ProcessorCount = processorCount;
        OperatingSystem = operatingSystem;
        ProcessArchitecture = processArchitecture;
        Runtime = runtime;
        Threads = LatencySettings.RequireThreads(threads, nameof(threads));
        BatchSize = LatencySettings.RequireBatchSize(batchSize, nameof(batchSize));
        WarmupRuns = LatencySettings.RequireWarmupRuns(warmupRuns, nameof(warmupRuns));
        MeasuredRuns = LatencySettings.RequireMeasuredRuns(measuredRuns, nameof(measuredRuns));
        Statistic = LatencySettings.RequireStatistic(statistic, nameof(statistic));
        CreatedAt = createdAt;
    }

    /// <summary>Gets the logical processors the process could use.</summary>
    public int ProcessorCount { get; }

    /// <summary>Gets the operating system description.</summary>
    public string OperatingSystem { get; }

    /// <summary>Gets the processor architecture of the process.</summary>
    public string ProcessArchitecture { get; }

    /// <summary>Gets the .NET runtime description.</summary>
    public string Runtime { get; }

    /// <summary>Gets the libtorch intra-op threads while measuring.</summary>
    public int Threads { get; }

    /// <summary>Gets the samples per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the untimed runs before timing.</summary>
    public int WarmupRuns { get; }

    /// <summary>Gets the timed runs per entry.</summary>
    public int MeasuredRuns { get; }

    /// <summary>Gets the summary of the timed runs that predictions use.</summary>
    public LatencyStatistic Statistic { get; }

    /// <summary>Gets when the table was built.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Describes the machine at hand measuring with <paramref name="measurement"/>, dated by <paramref name="timeProvider"/>.</summary>
    /// <param name="measurement">The measurement settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static LatencyTableMachine Current(MeasuredLatencyOptions measurement, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new LatencyTableMachine(
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString(),
            RuntimeInformation.FrameworkDescription,
            measurement.Threads,
            measurement.BatchSize,
            measurement.WarmupRuns,
            measurement.MeasuredRuns,
            measurement.Statistic,
            timeProvider.GetUtcNow());
    }
}
