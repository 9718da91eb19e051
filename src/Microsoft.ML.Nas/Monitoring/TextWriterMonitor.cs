using System.Globalization;
using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Monitoring;

/// <summary>Writes one line per event to a <see cref="TextWriter"/> (for example <see cref="Console.Out"/>), invariant culture.</summary>
/// <remarks>
/// Lines look like <c>trial 3 running {"width":64}</c>, <c>trial 3 completed loss=0.1234 in 12.0 ms</c>,
/// <c>trial 3 failed: message</c>, <c>trial 3 rejected: message</c>, <c>trial 3 pruned at value 0.5 after 2 steps</c> and
/// <c>best trial 3 loss=0.1234</c>. Thread-safe; the writer is not disposed.
/// </remarks>
public sealed class TextWriterMonitor : IMonitor
{
    private readonly TextWriter _writer;
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="TextWriterMonitor"/> class.</summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public TextWriterMonitor(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc/>
    public void ReportRunningTrial(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fidelity = settings.Fidelity is { } value ? string.Create(CultureInfo.InvariantCulture, $" fidelity={value:G}") : string.Empty;
        Write($"trial {settings.TrialId} running{fidelity} {settings.Parameter?.ToJson()}");
    }

    /// <inheritdoc/>
    public void ReportCompletedTrial(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var objectives = result.Objectives is { } values
            ? " objectives=[" + string.Join(", ", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))) + "]"
            : string.Empty;
        Write(string.Create(CultureInfo.InvariantCulture,
            $"trial {result.TrialSettings.TrialId} completed loss={result.Loss:G6}{objectives} in {result.DurationInMilliseconds:F1} ms"));
    }

    /// <inheritdoc/>
    public void ReportFailTrial(TrialResult result, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write($"trial {result.TrialSettings.TrialId} failed: {result.Message}");
    }

    /// <inheritdoc/>
    public void ReportRejectedTrial(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write($"trial {result.TrialSettings.TrialId} rejected: {result.Message}");
    }

    /// <inheritdoc/>
    public void ReportPrunedTrial(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(string.Create(CultureInfo.InvariantCulture,
            $"trial {result.TrialSettings.TrialId} pruned at value {result.Loss:G6} after {result.IntermediateValues.Count} steps"));
    }

    /// <inheritdoc/>
    public void ReportBestTrial(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(string.Create(CultureInfo.InvariantCulture, $"best trial {result.TrialSettings.TrialId} loss={result.Loss:G6}"));
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }
}
