using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;

namespace Microsoft.ML.Nas.Tests.Experiments;

/// <summary>A monitor that records events as short strings such as "running 0", "completed 0", "best 0".</summary>
internal sealed class RecordingMonitor : IMonitor
{
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public List<Exception?> FailureExceptions { get; } = [];

    public void ReportRunningTrial(TrialSettings settings) => Add($"running {settings.TrialId}");

    public void ReportCompletedTrial(TrialResult result) => Add($"completed {result.TrialSettings.TrialId}");

    public void ReportFailTrial(TrialResult result, Exception? exception)
    {
        FailureExceptions.Add(exception);
        Add($"failed {result.TrialSettings.TrialId}");
    }

    public void ReportRejectedTrial(TrialResult result) => Add($"rejected {result.TrialSettings.TrialId}");

    public void ReportPrunedTrial(TrialResult result) => Add($"pruned {result.TrialSettings.TrialId}");

    public void ReportBestTrial(TrialResult result) => Add($"best {result.TrialSettings.TrialId}");

    private void Add(string item)
    {
        lock (_lock)
        {
            _events.Add(item);
        }
    }
}
