using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// Regularized (aging) evolution with optional early-exit filtering of infeasible candidates before they are proposed.
/// </summary>
/// <remarks>
/// <para>
/// Real, Aggarwal, Huang and Le, "Regularized Evolution for Image Classifier Architecture Search", AAAI 2019,
/// https://arxiv.org/abs/1802.01548. Update rule: fill a population of P evaluated candidates with random ones; then
/// for every proposal sample S members uniformly, mutate the one with the lowest loss and propose the child; when its
/// result arrives append it and remove the <i>oldest</i> member (not the worst), so every member lives P generations.
/// A mutation changes one coordinate, then with probability
/// <see cref="EvolutionTunerOptions.AdditionalMutationProbability"/> one more, and so on: a discrete coordinate moves to
/// another of its levels chosen uniformly, a continuous one gets N(0, σ²) noise reflected into [0,1]. A child whose
/// parameter equals its parent's (only inactive conditional coordinates changed) is mutated again.
/// </para>
/// <para>
/// Early exit: Termritthikun, Jamtsho, Ieamsaard, Muneesawang and Lee, "EEEA-Net: An Early Exit Evolutionary Neural
/// Architecture Search", Engineering Applications of Artificial Intelligence, 2021, https://arxiv.org/abs/2108.06688.
/// Candidates that fail the cheap <see cref="EvolutionTunerOptions.IsFeasible"/> predicate (for example too many
/// parameters) are replaced before they are proposed, so no trial is spent on them: initial candidates by new random
/// ones, mutants by new mutations of the same parent, at most <see cref="EvolutionTunerOptions.MaxFeasibilityAttempts"/>
/// draws per proposal (then the last is proposed anyway and the experiment records its rejection).
/// <see cref="FilteredInitialCandidates"/> and <see cref="FilteredMutants"/> count the replaced candidates.
/// </para>
/// <para>
/// Failed, rejected and non-finite trials never join the population (a pruned trial joins with its partial loss); while
/// the population is not full the tuner keeps proposing random candidates.
/// </para>
/// </remarks>
public sealed class EvolutionTuner : ITuner
{
    private const int MaxDistinctChildAttempts = 16;

    private readonly UnitCube _cube;
    private readonly Random _random;
    private readonly EvolutionTunerOptions _options;
    private readonly List<Member> _population = [];
    private readonly Dictionary<int, Pending> _pending = [];
    private int _pendingInitialCount;

    /// <summary>Initializes a new instance of the <see cref="EvolutionTuner"/> class.</summary>
    /// <param name="searchSpace">The space to search.</param>
    /// <param name="seed">The seed of the tuner's random number generator.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public EvolutionTuner(SearchSpace searchSpace, int seed, EvolutionTunerOptions? options = null)
    {
        options ??= new EvolutionTunerOptions();
        OptionsValidation.Require(options.PopulationSize >= 2, nameof(options), options.PopulationSize, "PopulationSize must be at least 2.");
        OptionsValidation.Require(
            options.SampleSize >= 1 && options.SampleSize <= options.PopulationSize,
            nameof(options),
            options.SampleSize,
            "SampleSize must lie in [1, PopulationSize].");
        OptionsValidation.Require(
            options.MutationScale > 0 && double.IsFinite(options.MutationScale), nameof(options), options.MutationScale, "MutationScale must be positive and finite.");
        OptionsValidation.Require(
            options.AdditionalMutationProbability is >= 0 and < 1,
            nameof(options),
            options.AdditionalMutationProbability,
            "AdditionalMutationProbability must lie in [0, 1).");
        OptionsValidation.Require(
            options.MaxFeasibilityAttempts >= 1, nameof(options), options.MaxFeasibilityAttempts, "MaxFeasibilityAttempts must be at least 1.");
        _cube = new UnitCube(searchSpace);
        _random = new Random(seed);
        _options = options;
    }

    /// <summary>Gets how many initial (random) candidates <see cref="EvolutionTunerOptions.IsFeasible"/> rejected before they were proposed.</summary>
    public int FilteredInitialCandidates { get; private set; }

    /// <summary>Gets how many mutants <see cref="EvolutionTunerOptions.IsFeasible"/> rejected before they were proposed.</summary>
    public int FilteredMutants { get; private set; }

    /// <summary>Gets the number of evaluated candidates currently in the population (at most <see cref="EvolutionTunerOptions.PopulationSize"/>).</summary>
    public int PopulationCount => _population.Count;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Parameter Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var initial = _population.Count + _pendingInitialCount < _options.PopulationSize;
        CubePoint candidate;
        if (initial || _population.Count == 0)
        {
            candidate = DrawFeasible(() => _cube.Canonicalize(_cube.UniformPoint(_random)), initial: true);
        }
        else
        {
            var parent = Tournament();
            candidate = DrawFeasible(() => Mutate(parent), initial: false);
        }

        if (initial)
        {
            _pendingInitialCount++;
        }

        _pending[settings.TrialId] = new Pending(candidate, initial);
        return candidate.Parameter;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.TrialSettings;
        ArgumentNullException.ThrowIfNull(settings, nameof(result));
        CubePoint point;
        if (_pending.Remove(settings.TrialId, out var pending))
        {
            point = pending.Point;
            if (pending.Initial)
            {
                _pendingInitialCount--;
            }
        }
        else if (settings.Parameter is { } parameter)
        {
            point = _cube.FromParameter(parameter);
        }
        else
        {
            return;
        }

        var loss = TrialLoss.LossOf(result);
        if (!double.IsFinite(loss))
        {
            return;
        }

        _population.Add(new Member(point, loss));
        if (_population.Count > _options.PopulationSize)
        {
            _population.RemoveAt(0);
        }
    }

    private CubePoint DrawFeasible(Func<CubePoint> draw, bool initial)
    {
        var candidate = draw();
        if (_options.IsFeasible is not { } isFeasible)
        {
            return candidate;
        }

        for (var attempt = 1; attempt < _options.MaxFeasibilityAttempts && !isFeasible(candidate.Parameter); attempt++)
        {
            if (initial)
            {
                FilteredInitialCandidates++;
            }
            else
            {
                FilteredMutants++;
            }

            candidate = draw();
        }

        return candidate;
    }

    private Member Tournament()
    {
        Member? best = null;
        foreach (var index in Sampling.DistinctIndices(_random, _population.Count, _options.SampleSize))
        {
            var member = _population[index];
            if (best is null || member.Loss < best.Loss)
            {
                best = member;
            }
        }

        return best!;
    }

    private CubePoint Mutate(Member parent)
    {
        var dimension = _cube.Dimension;
        CubePoint child = parent.Point;
        for (var attempt = 0; attempt < MaxDistinctChildAttempts && dimension > 0; attempt++)
        {
            var coordinates = 1;
            while (coordinates < dimension && _random.NextDouble() < _options.AdditionalMutationProbability)
            {
                coordinates++;
            }

            var point = (double[])parent.Point.Vector.Clone();
            foreach (var i in Sampling.DistinctIndices(_random, dimension, coordinates))
            {
                point[i] = _cube.LevelsOf(i) is not null
                    ? _cube.OtherLevel(i, point[i], _random) ?? point[i]
                    : Reflect(point[i] + (_options.MutationScale * Sampling.NextGaussian(_random)));
            }

            child = _cube.Canonicalize(point);
            if (!child.Parameter.Equals(parent.Point.Parameter))
            {
                break;
            }
        }

        return child;
    }

    private static double Reflect(double value)
    {
        value = value < 0 ? -value : value;
        value = value > 1 ? 2 - value : value;
        return Math.Clamp(value, 0.0, 1.0);
    }

    private sealed record Member(CubePoint Point, double Loss);

    private sealed record Pending(CubePoint Point, bool Initial);
}
