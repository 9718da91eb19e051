using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Scheduling;

/// <summary>
/// Decides the fidelity a trial may run to (for example epochs) and whether to stop it early from the intermediate
/// values it reports. Works with any tuner, single- or multi-objective: it sees only the scalar intermediate values.
/// </summary>
/// <remarks>
/// A scheduler holds the state of one experiment run. It must be deterministic given the sequence of calls, because a
/// resumed experiment rebuilds it by replaying the history: for each finished trial, in trial-id order,
/// <see cref="GetFidelity"/>, then <see cref="ReportIntermediate"/> for each recorded value, then
/// <see cref="ReportFinished"/>. Intermediate values are minimised, like losses.
/// </remarks>
public interface ITrialScheduler
{
    /// <summary>Gets the largest fidelity the trial may run to, or <see langword="null"/> for full fidelity.</summary>
    /// <param name="trialId">The id of the trial about to be proposed.</param>
    /// <returns>The trial's maximum fidelity, carried in <see cref="TrialSettings.Fidelity"/>.</returns>
    double? GetFidelity(int trialId);

    /// <summary>Records a value the trial reported at a fidelity and decides whether the trial goes on.</summary>
    /// <param name="trialId">The reporting trial.</param>
    /// <param name="fidelity">The fidelity reached (for example the epoch just finished); increasing within a trial.</param>
    /// <param name="value">The value at that fidelity (minimised, for example the validation loss).</param>
    /// <returns>Whether the trial continues or stops.</returns>
    SchedulerDecision ReportIntermediate(int trialId, double fidelity, double value);

    /// <summary>Tells the scheduler a trial finished (any status), so it can release the trial's state.</summary>
    /// <param name="result">The finished trial.</param>
    void ReportFinished(TrialResult result);
}
