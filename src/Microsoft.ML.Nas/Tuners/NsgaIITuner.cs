using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// NSGA-II for two or more objectives: elitist non-dominated sorting with crowding distance, binary tournaments,
/// simulated binary crossover and polynomial mutation in the unit cube.
/// </summary>
/// <remarks>
/// <para>
/// Deb, Pratap, Agarwal and Meyarivan, "A Fast and Elitist Multiobjective Genetic Algorithm: NSGA-II", IEEE Transactions
/// on Evolutionary Computation 6(2), 2002, https://doi.org/10.1109/4235.996017. Update rule: the first N proposals are
/// random; each time N more results have arrived, the parents P and those N offspring Q are sorted into non-dominated
/// fronts F₁, F₂, … and the next parents are the first fronts that fit in N, the last one cut by descending crowding
/// distance. A child comes from two binary tournaments (lower front wins, then larger crowding distance), crossover with
/// probability p_c (simulated binary crossover with index η_c on continuous coordinates, uniform swap on discrete ones)
/// and mutation of each coordinate with probability p_m (polynomial mutation with index η_m on continuous coordinates,
/// another level on discrete ones).
/// </para>
/// <para>
/// Objectives come from <see cref="TrialResult.Objectives"/> (or [<see cref="TrialResult.Loss"/>] when that is null)
/// and are all minimised. Failed and rejected trials, and results whose vector length differs from the first
/// completed trial's, count as +∞ in every objective; non-finite values count as +∞. Proposals requested before a
/// generation is complete are bred from the current parents, so the search never waits.
/// </para>
/// </remarks>
public sealed class NsgaIITuner : ITuner
{
    private const int MaxDistinctChildAttempts = 8;

    private readonly UnitCube _cube;
    private readonly Random _random;
    private readonly NsgaIITunerOptions _options;
    private readonly double _mutationProbability;
    private readonly Dictionary<int, CubePoint> _pending = [];
    private readonly List<Individual> _offspring = [];
    private readonly HashSet<Parameter> _seen = [];
    private List<Individual> _parents = [];
    private int _objectiveCount;

    /// <summary>Initializes a new instance of the <see cref="NsgaIITuner"/> class.</summary>
    /// <param name="searchSpace">The space to search.</param>
    /// <param name="seed">The seed of the tuner's random number generator.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public NsgaIITuner(SearchSpace searchSpace, int seed, NsgaIITunerOptions? options = null)
    {
        options ??= new NsgaIITunerOptions();
        OptionsValidation.Require(options.PopulationSize >= 2, nameof(options), options.PopulationSize, "PopulationSize must be at least 2.");
        OptionsValidation.Require(
            options.CrossoverProbability is >= 0 and <= 1, nameof(options), options.CrossoverProbability, "CrossoverProbability must lie in [0, 1].");
        OptionsValidation.Require(
            options.MutationProbability is null or (> 0 and <= 1),
            nameof(options),
            options.MutationProbability ?? 0,
            "MutationProbability must lie in (0, 1] when set.");
        OptionsValidation.Require(
            options.CrossoverDistributionIndex > 0 && double.IsFinite(options.CrossoverDistributionIndex),
            nameof(options),
            options.CrossoverDistributionIndex,
            "CrossoverDistributionIndex must be positive and finite.");
        OptionsValidation.Require(
            options.MutationDistributionIndex > 0 && double.IsFinite(options.MutationDistributionIndex),
            nameof(options),
            options.MutationDistributionIndex,
            "MutationDistributionIndex must be positive and finite.");
        _cube = new UnitCube(searchSpace);
        _random = new Random(seed);
        _options = options;
        _mutationProbability = options.MutationProbability ?? 1.0 / Math.Max(1, _cube.Dimension);
    }

    /// <summary>Gets the number of completed generations (environmental selections).</summary>
    public int Generation { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Parameter Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var child = _parents.Count == 0 ? _cube.Canonicalize(_cube.UniformPoint(_random)) : Breed();
        for (var attempt = 1; attempt < MaxDistinctChildAttempts && _seen.Contains(child.Parameter); attempt++)
        {
            child = _parents.Count == 0 ? _cube.Canonicalize(_cube.UniformPoint(_random)) : Breed();
        }

        _seen.Add(child.Parameter);
        _pending[settings.TrialId] = child;
        return child.Parameter;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.TrialSettings;
        ArgumentNullException.ThrowIfNull(settings, nameof(result));
        if (!_pending.Remove(settings.TrialId, out var point))
        {
            if (settings.Parameter is not { } parameter)
            {
                return;
            }

            point = _cube.FromParameter(parameter);
            _seen.Add(parameter);
        }

        var objectives = TrialLoss.ObjectivesOf(result);
        if (objectives is not null)
        {
            if (_objectiveCount == 0)
            {
                _objectiveCount = objectives.Length;
            }
            else if (objectives.Length != _objectiveCount)
            {
                objectives = null;
            }
        }

        _offspring.Add(new Individual(point, objectives));
        if (_offspring.Count >= _options.PopulationSize)
        {
            _parents = SelectSurvivors([.. _parents, .. _offspring]);
            _offspring.Clear();
            Generation++;
        }
    }

    private List<Individual> SelectSurvivors(List<Individual> union)
    {
        var objectiveCount = Math.Max(1, _objectiveCount);
        var vectors = union.Select(i => (IReadOnlyList<double>)(i.Objectives ?? Enumerable.Repeat(double.PositiveInfinity, objectiveCount).ToArray())).ToList();
        var survivors = new List<Individual>(_options.PopulationSize);
        var rank = 0;
        foreach (var front in ParetoFront.NondominatedSort(vectors))
        {
            var distances = ParetoFront.CrowdingDistances([.. front.Select(i => vectors[i])]);
            var order = Enumerable.Range(0, front.Count).OrderByDescending(k => distances[k]).ThenBy(k => front[k]);
            foreach (var k in order)
            {
                if (survivors.Count == _options.PopulationSize)
                {
                    return survivors;
                }

                var individual = union[front[k]];
                survivors.Add(individual with { Rank = rank, Crowding = distances[k] });
            }

            rank++;
        }

        return survivors;
    }

    private CubePoint Breed()
    {
        var first = Tournament().Point.Vector;
        var second = Tournament().Point.Vector;
        var child = (double[])first.Clone();
        var crossover = _random.NextDouble() < _options.CrossoverProbability;
        for (var i = 0; i < child.Length; i++)
        {
            var discrete = _cube.LevelsOf(i) is not null;
            if (crossover)
            {
                if (discrete)
                {
                    child[i] = _random.NextDouble() < 0.5 ? first[i] : second[i];
                }
                else if (_random.NextDouble() < 0.5)
                {
                    child[i] = SimulatedBinaryCrossover(first[i], second[i]);
                }
            }

            if (_random.NextDouble() < _mutationProbability)
            {
                child[i] = discrete ? _cube.OtherLevel(i, child[i], _random) ?? child[i] : PolynomialMutation(child[i]);
            }
        }

        return _cube.Canonicalize(child);
    }

    private Individual Tournament()
    {
        var a = _parents[_random.Next(_parents.Count)];
        var b = _parents[_random.Next(_parents.Count)];
        if (a.Rank != b.Rank)
        {
            return a.Rank < b.Rank ? a : b;
        }

        return b.Crowding > a.Crowding ? b : a;
    }

    // Bounded simulated binary crossover on [0,1] (Deb and Agrawal 1995, in the bounded form of Deb's NSGA-II code);
    // returns one of the two children at random.
    private double SimulatedBinaryCrossover(double x1, double x2)
    {
        if (Math.Abs(x1 - x2) < 1e-14)
        {
            return x1;
        }

        var (low, high) = x1 < x2 ? (x1, x2) : (x2, x1);
        var eta = _options.CrossoverDistributionIndex;
        var u = _random.NextDouble();
        var spread = high - low;
        double Spread(double distanceToBound)
        {
            var beta = 1.0 + (2.0 * distanceToBound / spread);
            var alpha = 2.0 - Math.Pow(beta, -(eta + 1.0));
            return u <= 1.0 / alpha
                ? Math.Pow(u * alpha, 1.0 / (eta + 1.0))
                : Math.Pow(1.0 / (2.0 - (u * alpha)), 1.0 / (eta + 1.0));
        }

        var child1 = 0.5 * (low + high - (Spread(low) * spread));
        var child2 = 0.5 * (low + high + (Spread(1.0 - high) * spread));
        return Math.Clamp(_random.NextDouble() < 0.5 ? child1 : child2, 0.0, 1.0);
    }

    // Bounded polynomial mutation on [0,1] (Deb and Goyal 1996).
    private double PolynomialMutation(double x)
    {
        var eta = _options.MutationDistributionIndex;
        var u = _random.NextDouble();
        var power = 1.0 / (eta + 1.0);
        double delta;
        if (u < 0.5)
        {
            var value = (2.0 * u) + ((1.0 - (2.0 * u)) * Math.Pow(1.0 - x, eta + 1.0));
            delta = Math.Pow(value, power) - 1.0;
        }
        else
        {
            var value = (2.0 * (1.0 - u)) + (2.0 * (u - 0.5) * Math.Pow(x, eta + 1.0));
            delta = 1.0 - Math.Pow(value, power);
        }

        return Math.Clamp(x + delta, 0.0, 1.0);
    }

    private sealed record Individual(CubePoint Point, double[]? Objectives)
    {
        public int Rank { get; init; }

        public double Crowding { get; init; }
    }
}
