namespace Microsoft.ML.Nas.Tuners;

/// <summary>Options of <see cref="GridTuner"/>.</summary>
public sealed class GridTunerOptions
{
    /// <summary>
    /// Gets the number of evenly spaced levels (bounds included) a continuous dimension, or a discrete one with more
    /// than 64 levels, contributes to the grid. Default 5; must be at least 1 (a single level is the centre).
    /// </summary>
    public int LevelsPerContinuousDimension { get; init; } = 5;
}
