using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Monitoring;

/// <summary>
/// Receives the events of an experiment, as ML.NET AutoML's <c>IMonitor</c> (ReportRunningTrial, ReportCompletedTrial,
/// ReportFailTrial, ReportBestTrial), plus the rejected and pruned events NasML adds.
/// </summary>
/// <remarks>
/// Events of one trial arrive in order: <see cref="ReportRunningTrial"/>, then exactly one of
/// <see cref="ReportCompletedTrial"/>, <see cref="ReportFailTrial"/> or <see cref="ReportPrunedTrial"/>, then
/// <see cref="ReportBestTrial"/> when a completed trial improves on the best loss. A rejected candidate is never run:
/// it raises only <see cref="ReportRejectedTrial"/>. Events arrive after the trial store committed the state change, on
/// the experiment's thread for completed, failed, rejected, pruned and best events. An exception thrown by a monitor
/// ends the experiment.
/// </remarks>
public interface IMonitor
{
    /// <summary>Reports that a trial is about to run; its parameter is set.</summary>
    /// <param name="settings">The trial's settings.</param>
    void ReportRunningTrial(TrialSettings settings);

    /// <summary>Reports a trial that ran to completion.</summary>
    /// <param name="result">The completed trial.</param>
    void ReportCompletedTrial(TrialResult result);

    /// <summary>Reports a trial that threw, timed out or went over its memory limit.</summary>
    /// <param name="result">The failed trial; <see cref="TrialResult.Message"/> says why.</param>
    /// <param name="exception">The exception the runner threw, or <see langword="null"/> when the experiment stopped the trial.</param>
    void ReportFailTrial(TrialResult result, Exception? exception);

    /// <summary>Reports a candidate the constraints rejected before any training.</summary>
    /// <param name="result">The rejected trial, with its estimated costs and a message naming the violated constraint.</param>
    void ReportRejectedTrial(TrialResult result);

    /// <summary>Reports a trial the scheduler stopped early.</summary>
    /// <param name="result">The pruned trial, with the intermediate values it reported.</param>
    void ReportPrunedTrial(TrialResult result);

    /// <summary>Reports a completed trial with a smaller loss than every earlier completed trial.</summary>
    /// <param name="result">The new best trial.</param>
    void ReportBestTrial(TrialResult result);
}
