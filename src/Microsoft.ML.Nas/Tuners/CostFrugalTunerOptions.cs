namespace Microsoft.ML.Nas.Tuners;

/// <summary>Options of <see cref="CostFrugalTuner"/>.</summary>
public sealed class CostFrugalTunerOptions
{
    /// <summary>
    /// Gets the initial step size as a fraction of √d, the diameter of the unit cube (FLOW2's 0.1). Default 0.1; must lie
    /// in (0, 1]. The step is raised to twice the lower bound when that is larger.
    /// </summary>
    public double InitialStepSize { get; init; } = 0.1;

    /// <summary>
    /// Gets the step-size lower bound used when the space has a continuous dimension (FLOW2's 1e-4). Default 1e-4; must
    /// be positive. When every dimension is discrete the bound is √d/4 times the smallest level spacing instead: below
    /// it a move rarely changes any level, so the search restarts.
    /// </summary>
    public double ContinuousStepLowerBound { get; init; } = 1e-4;

    /// <summary>
    /// Gets how many moves a single proposal may try when moves land on the incumbent's own parameter (steps smaller
    /// than a level); each such move counts as a failed iteration without spending a trial. Default 32; at least 1.
    /// </summary>
    public int MaxMovesPerProposal { get; init; } = 32;
}
