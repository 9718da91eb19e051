using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// Proposes the next candidate of a search and learns from finished trials. The shape follows ML.NET AutoML's
/// <c>ITuner</c>: <see cref="Propose"/> and <see cref="Update"/>.
/// </summary>
/// <remarks>
/// Tuners work only in the search space's unit cube [0,1]^d (see <see cref="SearchSpace.FeatureSpaceDimension"/>);
/// the space owns all scaling. A tuner is deterministic given its seed and the sequence of calls it receives, so an
/// experiment is resumed by replaying its history: for each recorded trial, in order, <see cref="Propose"/> then
/// <see cref="Update"/>. Losses are minimised; a failed, rejected or non-finite trial must not break a tuner.
/// </remarks>
public interface ITuner
{
    /// <summary>Proposes the parameter for the trial described by <paramref name="settings"/>.</summary>
    /// <param name="settings">The trial about to run (its id and fidelity).</param>
    /// <returns>A parameter inside the tuner's search space.</returns>
    Parameter Propose(TrialSettings settings);

    /// <summary>Tells the tuner how a trial it proposed ended.</summary>
    /// <param name="result">The finished trial: completed, failed, rejected or pruned.</param>
    void Update(TrialResult result);
}
