namespace Microsoft.ML.Nas.Tuners;

/// <summary>Options of <see cref="NsgaIITuner"/>.</summary>
public sealed class NsgaIITunerOptions
{
    /// <summary>Gets the population size N: parents kept per generation and results per generation. Default 20; at least 2.</summary>
    public int PopulationSize { get; init; } = 20;

    /// <summary>Gets the probability that a child is produced by crossover (otherwise it copies a parent before mutation). Default 0.9; in [0, 1].</summary>
    public double CrossoverProbability { get; init; } = 0.9;

    /// <summary>
    /// Gets the per-coordinate mutation probability; <see langword="null"/> (the default) means 1/d for d coordinates.
    /// When set, in (0, 1].
    /// </summary>
    public double? MutationProbability { get; init; }

    /// <summary>Gets the distribution index η_c of simulated binary crossover (larger keeps children nearer their parents). Default 15; positive.</summary>
    public double CrossoverDistributionIndex { get; init; } = 15;

    /// <summary>Gets the distribution index η_m of polynomial mutation (larger means smaller mutations). Default 20; positive.</summary>
    public double MutationDistributionIndex { get; init; } = 20;
}
