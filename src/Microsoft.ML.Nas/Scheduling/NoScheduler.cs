using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Scheduling;

/// <summary>A scheduler that runs every trial at full fidelity and never stops one.</summary>
public sealed class NoScheduler : ITrialScheduler
{
    /// <inheritdoc/>
    public double? GetFidelity(int trialId) => null;

    /// <inheritdoc/>
    public SchedulerDecision ReportIntermediate(int trialId, double fidelity, double value) => SchedulerDecision.Continue;

    /// <inheritdoc/>
    public void ReportFinished(TrialResult result)
    {
    }
}
