using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Storage;

/// <summary>One trial as a trial store keeps it: its result and the fidelities of its intermediate values.</summary>
public sealed class TrialRecord
{
    /// <summary>Initializes a new instance of the <see cref="TrialRecord"/> class.</summary>
    /// <param name="result">The trial's latest state; <see cref="TrialStatus.Running"/> while it runs.</param>
    /// <param name="intermediateFidelities">
    /// The fidelity of each of <see cref="TrialResult.IntermediateValues"/> (same count); <see langword="null"/> for
    /// 1, 2, 3, ...
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or its settings are <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The counts differ, the trial id is negative, or the parameter is missing.</exception>
    public TrialRecord(TrialResult result, IReadOnlyList<double>? intermediateFidelities = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(result.TrialSettings, nameof(result));
        if (result.TrialSettings.TrialId < 0)
        {
            throw new ArgumentException($"The trial id must not be negative; got {result.TrialSettings.TrialId}.", nameof(result));
        }

        if (result.TrialSettings.Parameter is null)
        {
            throw new ArgumentException($"Trial {result.TrialSettings.TrialId} has no parameter; a stored trial needs one.", nameof(result));
        }

        intermediateFidelities ??= [.. Enumerable.Range(1, result.IntermediateValues.Count).Select(step => (double)step)];
        if (intermediateFidelities.Count != result.IntermediateValues.Count)
        {
            throw new ArgumentException(
                $"Trial {result.TrialSettings.TrialId} has {result.IntermediateValues.Count} intermediate values but {intermediateFidelities.Count} fidelities.",
                nameof(intermediateFidelities));
        }

        Result = result;
        IntermediateFidelities = intermediateFidelities;
    }

    /// <summary>Gets the trial's result (its latest state).</summary>
    public TrialResult Result { get; }

    /// <summary>Gets the fidelity of each intermediate value, in order.</summary>
    public IReadOnlyList<double> IntermediateFidelities { get; }

    /// <summary>Gets the trial's id.</summary>
    public int TrialId => Result.TrialSettings.TrialId;

    /// <summary>Gets the trial's status.</summary>
    public TrialStatus Status => Result.Status;
}
