namespace Microsoft.ML.Nas.Tuners;

/// <summary>Options of <see cref="SmacTuner"/>.</summary>
public sealed class SmacTunerOptions
{
    /// <summary>Gets the number of initial proposals drawn at random before the surrogate is used. Default 10; at least 1.</summary>
    public int InitialDesignSize { get; init; } = 10;

    /// <summary>Gets the number of trees in the random forest. Default 10 (SMAC's); at least 1.</summary>
    public int TreeCount { get; init; } = 10;

    /// <summary>
    /// Gets the most observations the forest is fitted on: when there are more, the best half and the most recent
    /// others are used, which keeps each refit's cost constant however long the search runs. Default 256; at least 4.
    /// </summary>
    public int MaxTrainingSetSize { get; init; } = 256;

    /// <summary>Gets how many results arrive between refits of the forest. Default 1 (refit after every result); at least 1.</summary>
    public int RefitInterval { get; init; } = 1;

    /// <summary>
    /// Gets how many results arrive between refits once there are more observations than
    /// <see cref="MaxTrainingSetSize"/> (the larger of this and <see cref="RefitInterval"/> applies). By then one new
    /// result changes the capped training set little, and refitting less often keeps long searches cheap (a refit is
    /// most of a proposal's cost). Default 4; at least 1.
    /// </summary>
    public int RefitIntervalAtCapacity { get; init; } = 4;

    /// <summary>Gets the number of random points scored by expected improvement per proposal. Default 500; at least 1.</summary>
    public int RandomCandidateCount { get; init; } = 500;

    /// <summary>
    /// Gets the number of local searches per proposal: half start from the best observed points, half from the best
    /// random candidates. Default 10; at least 0.
    /// </summary>
    public int LocalSearchStartCount { get; init; } = 10;

    /// <summary>
    /// Gets the probability that a proposal after the initial design is a random point instead of the maximiser of
    /// expected improvement (SMAC's interleaved random configurations). Default 0.2; in [0, 1].
    /// </summary>
    public double RandomProposalProbability { get; init; } = 0.2;
}
