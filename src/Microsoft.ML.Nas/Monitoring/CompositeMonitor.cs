using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Monitoring;

/// <summary>Forwards every event to several monitors, in the order they were given.</summary>
public sealed class CompositeMonitor : IMonitor
{
    private readonly IMonitor[] _monitors;

    /// <summary>Initializes a new instance of the <see cref="CompositeMonitor"/> class.</summary>
    /// <param name="monitors">The monitors to forward to; may be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="monitors"/> or one of its items is <see langword="null"/>.</exception>
    public CompositeMonitor(params IMonitor[] monitors)
    {
        ArgumentNullException.ThrowIfNull(monitors);
        for (var index = 0; index < monitors.Length; index++)
        {
            if (monitors[index] is null)
            {
                throw new ArgumentNullException(nameof(monitors), $"Monitor at index {index} is null.");
            }
        }

        _monitors = (IMonitor[])monitors.Clone();
    }

    /// <summary>Gets the monitors events are forwarded to.</summary>
    public IReadOnlyList<IMonitor> Monitors => _monitors;

    /// <inheritdoc/>
    public void ReportRunningTrial(TrialSettings settings)
    {
        foreach (var monitor in _monitors)
        {
            monitor.ReportRunningTrial(settings);
        }
    }

    /// <inheritdoc/>
    public void ReportCompletedTrial(TrialResult result)
    {
        foreach (var monitor in _monitors)
        {
            monitor.ReportCompletedTrial(result);
        }
    }

    /// <inheritdoc/>
    public void ReportFailTrial(TrialResult result, Exception? exception)
    {
        foreach (var monitor in _monitors)
        {
            monitor.ReportFailTrial(result, exception);
        }
    }

    /// <inheritdoc/>
    public void ReportRejectedTrial(TrialResult result)
    {
        foreach (var monitor in _monitors)
        {
            monitor.ReportRejectedTrial(result);
        }
    }

    /// <inheritdoc/>
    public void ReportPrunedTrial(TrialResult result)
    {
        foreach (var monitor in _monitors)
        {
            monitor.ReportPrunedTrial(result);
        }
    }

    /// <inheritdoc/>
    public void ReportBestTrial(TrialResult result)
    {
        foreach (var monitor in _monitors)
        {
            monitor.ReportBestTrial(result);
        }
    }
}
