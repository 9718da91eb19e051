using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>The summary of timed forward passes: median, minimum, 10th and 90th percentiles in milliseconds, and the number of runs.</summary>
/// <remarks>Percentiles interpolate linearly between the sorted runs (NumPy's default), so the median of an even count is the mean of the middle two.</remarks>
public sealed record LatencyMeasurement
{
    /// <summary>Initializes a new instance of the <see cref="LatencyMeasurement"/> class.</summary>
    /// <param name="medianMilliseconds">The median latency in milliseconds; finite and not negative.</param>
    /// <param name="minimumMilliseconds">The fastest run in milliseconds; finite, not negative, at most the 10th percentile.</param>
    /// <param name="p10Milliseconds">The 10th percentile in milliseconds; finite, not negative, at most the median.</param>
    /// <param name="p90Milliseconds">The 90th percentile in milliseconds; finite and at least the median.</param>
    /// <param name="runs">The number of timed runs; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range or the percentiles are out of order; the message names it.</exception>
    [JsonConstructor]
    public LatencyMeasurement(double medianMilliseconds, double minimumMilliseconds, double p10Milliseconds, double p90Milliseconds, int runs)
    {
        RequireMilliseconds(medianMilliseconds, nameof(medianMilliseconds));
        RequireMilliseconds(minimumMilliseconds, nameof(minimumMilliseconds));
        RequireMilliseconds(p10Milliseconds, nameof(p10Milliseconds));
        RequireMilliseconds(p90Milliseconds, nameof(p90Milliseconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        if (minimumMilliseconds > p10Milliseconds || p10Milliseconds > medianMilliseconds || medianMilliseconds > p90Milliseconds)
        {
            throw new ArgumentOutOfRangeException(
                nameof(medianMilliseconds), medianMilliseconds,
                $"The statistics must satisfy minimum <= p10 <= median <= p90; found minimum {minimumMilliseconds}, p10 {p10Milliseconds}, median {medianMilliseconds}, p90 {p90Milliseconds}.");
        }

        MedianMilliseconds = medianMilliseconds;
        MinimumMilliseconds = minimumMilliseconds;
        P10Milliseconds = p10Milliseconds;
        P90Milliseconds = p90Milliseconds;
        Runs = runs;
    }

    /// <summary>Gets the median latency in milliseconds.</summary>
    public double MedianMilliseconds { get; }

    /// <summary>Gets the fastest run in milliseconds.</summary>
    public double MinimumMilliseconds { get; }

    /// <summary>Gets the 10th percentile of the latency in milliseconds.</summary>
    public double P10Milliseconds { get; }

    /// <summary>Gets the 90th percentile of the latency in milliseconds.</summary>
    public double P90Milliseconds { get; }

    /// <summary>Gets the number of timed runs.</summary>
    public int Runs { get; }

    /// <summary>Gets the value of one statistic in milliseconds.</summary>
    /// <param name="statistic">The statistic.</param>
    /// <returns><see cref="MedianMilliseconds"/> or <see cref="MinimumMilliseconds"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statistic"/> is not a <see cref="LatencyStatistic"/> member.</exception>
    public double Milliseconds(LatencyStatistic statistic) => statistic switch
    {
        LatencyStatistic.Median => MedianMilliseconds,
        LatencyStatistic.Minimum => MinimumMilliseconds,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "Unknown latency statistic."),
    };

    /// <summary>Summarises the timings of individual runs.</summary>
    /// <param name="milliseconds">The latency of each run in milliseconds; at least one, each finite and not negative.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">There are no timings, or one is negative or not finite.</exception>
    public static LatencyMeasurement FromRuns(IReadOnlyList<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("At least one timed run is needed.", nameof(milliseconds));
        }

        var sorted = milliseconds.ToArray();
        foreach (var value in sorted)
        {
            RequireMilliseconds(value, nameof(milliseconds));
        }

        Array.Sort(sorted);
        var median = Percentile(sorted, 0.5);

        // Interpolation is monotone in exact arithmetic; the clamps only absorb rounding.
        var p10 = Math.Clamp(Percentile(sorted, 0.1), sorted[0], median);
        return new LatencyMeasurement(median, sorted[0], p10, Math.Max(Percentile(sorted, 0.9), median), sorted.Length);
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static void RequireMilliseconds(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"A latency must be finite and not negative; found {value}.");
        }
    }
}
