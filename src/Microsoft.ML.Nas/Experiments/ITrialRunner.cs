namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// Trains and evaluates one candidate, as ML.NET AutoML's <c>ITrialRunner</c>: it reads the parameter from the
/// <see cref="TrialContext"/>, reports intermediate values per fidelity step, and returns the loss and metrics.
/// </summary>
/// <remarks>
/// The runner should honour <c>cancellationToken</c> at least once per step: it fires at the experiment's time budget,
/// on the user's cancellation, at the per-trial timeout and when the trial goes over its memory limit. A runner that
/// does not stop within the experiment's grace period is abandoned (it may go on in the background) and the experiment
/// moves on. Throwing records the trial as failed with the exception's message; the experiment continues.
/// </remarks>
public interface ITrialRunner
{
    /// <summary>Runs one trial.</summary>
    /// <param name="context">The trial: its settings, parameter, fidelity, estimated costs, and intermediate reporting.</param>
    /// <param name="cancellationToken">Fires when the trial must stop.</param>
    /// <returns>The loss (minimised), metrics and optional objectives.</returns>
    Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken);
}
