namespace Microsoft.ML.Nas.Storage;

/// <summary>What a trial store records about its experiment, so a resume can check it belongs to the same search.</summary>
public sealed class ExperimentMetadata
{
    /// <summary>Gets the search space's <see cref="SearchSpaces.SearchSpace.GetStableHash"/>.</summary>
    public required string SearchSpaceHash { get; init; }

    /// <summary>Gets the search space's JSON definition, for people reading the store; may be <see langword="null"/>.</summary>
    public string? SearchSpaceJson { get; init; }

    /// <summary>Gets the experiment's seed, which the tuner is rebuilt with on resume.</summary>
    public required int Seed { get; init; }

    /// <summary>
    /// Checks that <paramref name="actual"/> (what this run wants) matches this stored metadata.
    /// </summary>
    /// <param name="actual">The metadata of the experiment being resumed.</param>
    /// <param name="location">Where the store lives, for the message (for example a file path).</param>
    /// <exception cref="InvalidOperationException">The search-space hash or the seed differs; the message shows both values.</exception>
    public void EnsureMatches(ExperimentMetadata actual, string location)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!string.Equals(SearchSpaceHash, actual.SearchSpaceHash, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The trial store {location} belongs to a different search space: its search-space hash is {SearchSpaceHash}, " +
                $"this experiment's is {actual.SearchSpaceHash}. Resume with the original search space or use a new checkpoint.");
        }

        if (Seed != actual.Seed)
        {
            throw new InvalidOperationException(
                $"The trial store {location} was written with seed {Seed}, but this experiment uses seed {actual.Seed}. " +
                "A resume replays the tuner with the stored seed: set the same seed or use a new checkpoint.");
        }
    }
}
