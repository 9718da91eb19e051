using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Experiments;

/// <summary>Describes one trial of an experiment, as ML.NET AutoML's <c>TrialSettings</c>.</summary>
public sealed class TrialSettings
{
    /// <summary>Gets the trial's id: 0, 1, 2, ... in the order trials were proposed.</summary>
    public required int TrialId { get; init; }

    /// <summary>Gets or sets the parameter to evaluate; set by the experiment after the tuner proposed it.</summary>
    public Parameter? Parameter { get; set; }

    /// <summary>
    /// Gets the fidelity the trial should run at, in the scheduler's unit (for example epochs or a data fraction);
    /// <see langword="null"/> when no multi-fidelity scheduler is in use (run at full fidelity).
    /// </summary>
    public double? Fidelity { get; init; }
}
