using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// The one validation of the measurement settings that <see cref="MeasuredLatencyOptions"/>,
/// <see cref="LatencyTableMachine"/> share, and the settings key under which <see cref="MeasuredLatencyCache"/> stores measurements: batch size, threads, warm-up runs,
/// timed runs and the statistic. Each check returns its value, so a setter or constructor reads
/// <c>field = LatencySettings.RequireThreads(value, nameof(Threads));</c>.
/// </summary>
internal static class LatencySettings
{
    /// <summary>Throws unless the batch size is at least 1.</summary>
    public static int RequireBatchSize(int value, string name) => RequireAtLeast(value, 1, name, "The batch size");

    /// <summary>Throws unless the libtorch intra-op thread count is at least 1.</summary>
    public static int RequireThreads(int value, string name) => RequireAtLeast(value, 1, name, "The thread count");

    /// <summary>Throws unless the number of untimed runs is at least 0.</summary>
    public static int RequireWarmupRuns(int value, string name) => RequireAtLeast(value, 0, name, "The number of warm-up runs");

    /// <summary>Throws unless the number of timed runs is at least 1.</summary>
    public static int RequireMeasuredRuns(int value, string name) => RequireAtLeast(value, 1, name, "The number of timed runs");

    /// <summary>Throws unless the statistic is a <see cref="LatencyStatistic"/> member.</summary>
    public static LatencyStatistic RequireStatistic(LatencyStatistic value, string name) =>
        Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"Unknown latency statistic; use {string.Join(" or ", Enum.GetNames<LatencyStatistic>())}.");

    /// <summary>
    /// The settings that change what a measurement is, as one stable text (the statistic is not among them: a
    /// <see cref="LatencyMeasurement"/> keeps every statistic), for example <c>batch=1|threads=1|warmup=5|runs=30</c>.
    /// </summary>
    public static string Key(MeasuredLatencyOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"batch={options.BatchSize}|threads={options.Threads}|warmup={options.WarmupRuns}|runs={options.MeasuredRuns}");

    private static int RequireAtLeast(int value, int minimum, string name, string what) =>
        value >= minimum
            ? value
            : throw new ArgumentOutOfRangeException(
                name, value, string.Create(CultureInfo.InvariantCulture, $"{what} must be at least {minimum}; found {value}."));
}
