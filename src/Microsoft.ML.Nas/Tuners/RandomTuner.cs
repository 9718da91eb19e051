using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>Proposes points drawn uniformly from the search space's unit cube; learns nothing from results.</summary>
/// <remarks>
/// Random search is the baseline every other tuner must beat, and a strong one in high dimensions: Bergstra and Bengio,
/// "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012, https://jmlr.org/papers/v13/bergstra12a.html.
/// Update rule: none; each proposal is x ~ U[0,1]^d mapped through the search space.
/// </remarks>
public sealed class RandomTuner : ITuner
{
    private readonly UnitCube _cube;
    private readonly Random _random;

    /// <summary>Initializes a new instance of the <see cref="RandomTuner"/> class.</summary>
    /// <param name="searchSpace">The space to search.</param>
    /// <param name="seed">The seed of the tuner's random number generator.</param>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is null.</exception>
    public RandomTuner(SearchSpace searchSpace, int seed)
    {
        _cube = new UnitCube(searchSpace);
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Parameter Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _cube.Sample(_cube.UniformPoint(_random));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Update(TrialResult result) => ArgumentNullException.ThrowIfNull(result);
}
