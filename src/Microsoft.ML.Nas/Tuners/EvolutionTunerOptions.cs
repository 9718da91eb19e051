using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>Options of <see cref="EvolutionTuner"/>.</summary>
public sealed class EvolutionTunerOptions
{
    /// <summary>Gets the population size P: how many of the most recent evaluated candidates stay alive. Default 20; at least 2.</summary>
    public int PopulationSize { get; init; } = 20;

    /// <summary>Gets the tournament size S: how many members are sampled to pick a parent. Default 5; in [1, PopulationSize].</summary>
    public int SampleSize { get; init; } = 5;

    /// <summary>
    /// Gets the standard deviation, in unit-cube units, of the Gaussian noise a mutation adds to a continuous coordinate.
    /// Default 0.1; must be positive.
    /// </summary>
    public double MutationScale { get; init; } = 0.1;

    /// <summary>
    /// Gets the probability of mutating one more coordinate after each mutated coordinate (so a child differs in
    /// 1 + Geometric coordinates). Default 0.5; in [0, 1).
    /// </summary>
    public double AdditionalMutationProbability { get; init; } = 0.5;

    /// <summary>
    /// Gets a cheap feasibility predicate (for example "the parameter count is under budget"); candidates it rejects,
    /// initial ones and mutants alike, are replaced before they are proposed (EEEA-Net's early exit). Default
    /// <see langword="null"/>: every candidate is feasible. It must be deterministic.
    /// </summary>
    public Func<Parameter, bool>? IsFeasible { get; init; }

    /// <summary>
    /// Gets how many candidates one proposal may draw while <see cref="IsFeasible"/> rejects them; after that the last
    /// one is proposed anyway, so the experiment records the rejection. Default 100; at least 1.
    /// </summary>
    public int MaxFeasibilityAttempts { get; init; } = 100;
}
