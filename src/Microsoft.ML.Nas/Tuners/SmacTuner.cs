using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// Sequential model-based optimisation with a random-forest surrogate and expected improvement, after SMAC.
/// </summary>
/// <remarks>
/// <para>
/// Hutter, Hoos and Leyton-Brown, "Sequential Model-Based Optimization for General Algorithm Configuration", LION 5,
/// 2011, https://doi.org/10.1007/978-3-642-25566-3_40 (and SMAC3, Lindauer et al., JMLR 23, 2022,
/// https://jmlr.org/papers/v23/21-0888.html). Update rule, in the unit cube: after
/// <see cref="SmacTunerOptions.InitialDesignSize"/> random proposals, fit a random forest (bootstrap, 5/6 of the
/// features per split) to the observed (x, loss) pairs; its mean μ(x) and the variance across trees σ²(x) give
/// EI(x) = (η − μ)Φ(z) + σφ(z), z = (η − μ)/σ, with η the best observed loss. Propose the unseen point maximising EI
/// over random points and greedy one-exchange local searches (discrete coordinates move to other levels, continuous
/// ones by N(0, 0.1²)) started at the best observed and the best random points; with probability
/// <see cref="SmacTunerOptions.RandomProposalProbability"/> propose a random point instead.
/// </para>
/// <para>
/// Why a random forest rather than TPE: NAS spaces are mostly categorical and conditional with strong interactions
/// between decisions (a block type changes what its kernel size is worth). Trees split on any coordinate given the
/// others, so they model interactions and ignore inactive coordinates, and the forest's spread gives EI an
/// uncertainty; TPE models each coordinate independently and so cannot represent such interactions.
/// </para>
/// <para>
/// Cost stays flat over long searches: the forest is fitted on at most <see cref="SmacTunerOptions.MaxTrainingSetSize"/>
/// observations (the best half and the most recent others), every <see cref="SmacTunerOptions.RefitInterval"/> (at
/// capacity every <see cref="SmacTunerOptions.RefitIntervalAtCapacity"/>)
/// results. Failed, rejected and non-finite trials are fitted at the worst observed loss, so the model learns to avoid
/// them. Points proposed but not yet reported are fitted at the mean observed loss (a constant liar, Ginsbourger et al.,
/// "Kriging is well-suited to parallelize optimization", 2010), and no parameter is proposed twice while unseen
/// alternatives are found.
/// </para>
/// </remarks>
public sealed class SmacTuner : ITuner
{
    private const int MaxRandomAttempts = 100;
    private const int MaxCanonicalizedCandidates = 50;
    private const int MaxLocalSearchSteps = 10;
    private const int ContinuousNeighbours = 4;
    private const int DiscreteNeighbours = 4;
    private const double NeighbourScale = 0.1;

    private readonly UnitCube _cube;
    private readonly Random _random;
    private readonly SmacTunerOptions _options;
    private readonly RegressionTree.TreeSettings _treeSettings;
    private readonly List<double[]> _observedPoints = [];
    private readonly List<double> _observedLosses = [];
    private readonly HashSet<Parameter> _seen = [];
    private readonly SortedDictionary<int, CubePoint> _pending = [];
    private RegressionForest? _forest;
    private double _bestLoss;
    private int _proposalCount;
    private int _resultsSinceFit;
    private bool _pendingChangedSinceFit;

    /// <summary>Initializes a new instance of the <see cref="SmacTuner"/> class.</summary>
    /// <param name="searchSpace">The space to search.</param>
    /// <param name="seed">The seed of the tuner's random number generator.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public SmacTuner(SearchSpace searchSpace, int seed, SmacTunerOptions? options = null)
    {
        options ??= new SmacTunerOptions();
        OptionsValidation.Require(options.InitialDesignSize >= 1, nameof(options), options.InitialDesignSize, "InitialDesignSize must be at least 1.");
        OptionsValidation.Require(options.TreeCount >= 1, nameof(options), options.TreeCount, "TreeCount must be at least 1.");
        OptionsValidation.Require(options.MaxTrainingSetSize >= 4, nameof(options), options.MaxTrainingSetSize, "MaxTrainingSetSize must be at least 4.");
        OptionsValidation.Require(options.RefitInterval >= 1, nameof(options), options.RefitInterval, "RefitInterval must be at least 1.");
        OptionsValidation.Require(options.RefitIntervalAtCapacity >= 1, nameof(options), options.RefitIntervalAtCapacity, "RefitIntervalAtCapacity must be at least 1.");
        OptionsValidation.Require(options.RandomCandidateCount >= 1, nameof(options), options.RandomCandidateCount, "RandomCandidateCount must be at least 1.");
        OptionsValidation.Require(options.LocalSearchStartCount >= 0, nameof(options), options.LocalSearchStartCount, "LocalSearchStartCount must not be negative.");
        OptionsValidation.Require(options.RandomProposalProbability is >= 0 and <= 1, nameof(options), options.RandomProposalProbability, "RandomProposalProbability must lie in [0, 1].");
        _cube = new UnitCube(searchSpace);
        _random = new Random(seed);
        _options = options;
        var maxFeatures = Math.Max(1, (int)Math.Ceiling(_cube.Dimension * 5.0 / 6.0));
        _treeSettings = new RegressionTree.TreeSettings(maxFeatures, MinSamplesSplit: 2, MinSamplesLeaf: 1, MaxDepth: 20);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Parameter Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _proposalCount++;
        CubePoint? choice = null;
        if (_proposalCount > _options.InitialDesignSize
            && _random.NextDouble() >= _options.RandomProposalProbability
            && _observedLosses.Count(double.IsFinite) >= 2)
        {
            choice = MaximiseExpectedImprovement();
        }

        choice ??= RandomUnseenPoint();
        _seen.Add(choice.Parameter);
        _pending[settings.TrialId] = choice;
        _pendingChangedSinceFit = true;
        return choice.Parameter;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.TrialSettings;
        ArgumentNullException.ThrowIfNull(settings, nameof(result));
        if (_pending.Remove(settings.TrialId, out var point))
        {
            _pendingChangedSinceFit = true;
        }
        else if (settings.Parameter is { } parameter)
        {
            point = _cube.FromParameter(parameter);
            _seen.Add(parameter);
        }
        else
        {
            return;
        }

        _observedPoints.Add(point.Vector);
        _observedLosses.Add(TrialLoss.LossOf(result));
        _resultsSinceFit++;
    }

    private CubePoint RandomUnseenPoint()
    {
        var point = _cube.Canonicalize(_cube.UniformPoint(_random));
        for (var attempt = 1; attempt < MaxRandomAttempts && _seen.Contains(point.Parameter); attempt++)
        {
            point = _cube.Canonicalize(_cube.UniformPoint(_random));
        }

        return point;
    }

    private CubePoint? MaximiseExpectedImprovement()
    {
        FitIfStale();
        var candidates = new List<(double[] Point, double Score)>();
        for (var i = 0; i < _options.RandomCandidateCount; i++)
        {
            var point = _cube.RandomLevelPoint(_random);
            candidates.Add((point, ExpectedImprovement(point)));
        }

        SortByScore(candidates);
        var starts = new List<double[]>();
        var observedStarts = (_options.LocalSearchStartCount + 1) / 2;
        foreach (var index in Enumerable.Range(0, _observedLosses.Count)
            .Where(i => double.IsFinite(_observedLosses[i]))
            .OrderBy(i => _observedLosses[i])
            .ThenBy(i => i)
            .Take(observedStarts))
        {
            starts.Add(_observedPoints[index]);
        }

        for (var i = 0; starts.Count < _options.LocalSearchStartCount && i < candidates.Count; i++)
        {
            starts.Add(candidates[i].Point);
        }

        foreach (var start in starts)
        {
            candidates.Add(LocalSearch(start));
        }

        SortByScore(candidates);
        for (var i = 0; i < Math.Min(MaxCanonicalizedCandidates, candidates.Count); i++)
        {
            var point = _cube.Canonicalize(candidates[i].Point);
            if (!_seen.Contains(point.Parameter))
            {
                return point;
            }
        }

        return null;
    }

    private (double[] Point, double Score) LocalSearch(double[] start)
    {
        var current = (double[])start.Clone();
        var currentScore = ExpectedImprovement(current);
        for (var step = 0; step < MaxLocalSearchSteps; step++)
        {
            var bestScore = currentScore;
            var bestDimension = -1;
            var bestValue = 0.0;
            for (var i = 0; i < current.Length; i++)
            {
                var original = current[i];
                foreach (var value in Neighbours(i, original))
                {
                    current[i] = value;
                    var score = ExpectedImprovement(current);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        bestDimension = i;
                        bestValue = value;
                    }
                }

                current[i] = original;
            }

            if (bestDimension < 0)
            {
                break;
            }

            current[bestDimension] = bestValue;
            currentScore = bestScore;
        }

        return (current, currentScore);
    }

    // One-exchange neighbours of coordinate `dimension`: every other level when there are few, else a few random
    // other levels; a continuous coordinate gets Gaussian perturbations.
    private IEnumerable<double> Neighbours(int dimension, double value)
    {
        var levels = _cube.LevelsOf(dimension);
        if (levels is null)
        {
            for (var n = 0; n < ContinuousNeighbours; n++)
            {
                yield return Math.Clamp(value + (NeighbourScale * Sampling.NextGaussian(_random)), 0.0, 1.0);
            }
        }
        else if (levels.Length - 1 <= DiscreteNeighbours)
        {
            foreach (var level in levels)
            {
                if (Math.Abs(level - value) > 1e-9)
                {
                    yield return level;
                }
            }
        }
        else
        {
            for (var n = 0; n < DiscreteNeighbours; n++)
            {
                yield return _cube.OtherLevel(dimension, value, _random) ?? value;
            }
        }
    }

    private double ExpectedImprovement(double[] point)
    {
        var (mean, variance) = _forest!.Predict(point);
        var improvement = _bestLoss - mean;
        var deviation = Math.Sqrt(variance);
        if (deviation < 1e-12)
        {
            return Math.Max(improvement, 0.0);
        }

        var z = improvement / deviation;
        return (improvement * Sampling.NormalCdf(z)) + (deviation * Sampling.NormalPdf(z));
    }

    private void FitIfStale()
    {
        var interval = _observedLosses.Count > _options.MaxTrainingSetSize
            ? Math.Max(_options.RefitInterval, _options.RefitIntervalAtCapacity)
            : _options.RefitInterval;
        if (_forest is not null && _resultsSinceFit < interval && !(_pendingChangedSinceFit && _pending.Count > 0))
        {
            return;
        }

        var rows = SelectTrainingRows();
        var inputs = new List<double[]>(rows.Count + _pending.Count);
        var targets = new List<double>(rows.Count + _pending.Count);
        var worst = double.NegativeInfinity;
        var best = double.PositiveInfinity;
        double sum = 0;
        var finite = 0;
        foreach (var row in rows)
        {
            var loss = _observedLosses[row];
            if (double.IsFinite(loss))
            {
                worst = Math.Max(worst, loss);
                best = Math.Min(best, loss);
                sum += loss;
                finite++;
            }
        }

        foreach (var row in rows)
        {
            inputs.Add(_observedPoints[row]);
            targets.Add(double.IsFinite(_observedLosses[row]) ? _observedLosses[row] : worst);
        }

        var liar = sum / finite;
        foreach (var pending in _pending.Values)
        {
            inputs.Add(pending.Vector);
            targets.Add(liar);
        }

        _bestLoss = best;
        _forest = RegressionForest.Fit(inputs, targets, _options.TreeCount, _treeSettings, _random);
        _resultsSinceFit = 0;
        _pendingChangedSinceFit = false;
    }

    // All observations while they fit; beyond that the best half and the most recent others, so the cost of a fit
    // does not grow with the length of the search.
    private List<int> SelectTrainingRows()
    {
        var count = _observedLosses.Count;
        if (count <= _options.MaxTrainingSetSize)
        {
            return [.. Enumerable.Range(0, count)];
        }

        var bestCount = _options.MaxTrainingSetSize / 2;
        var chosen = new bool[count];
        var rows = new List<int>(_options.MaxTrainingSetSize);
        foreach (var row in Enumerable.Range(0, count).OrderBy(i => _observedLosses[i]).ThenByDescending(i => i).Take(bestCount))
        {
            chosen[row] = true;
            rows.Add(row);
        }

        for (var row = count - 1; row >= 0 && rows.Count < _options.MaxTrainingSetSize; row--)
        {
            if (!chosen[row])
            {
                rows.Add(row);
            }
        }

        rows.Sort();
        return rows;
    }

    private static void SortByScore(List<(double[] Point, double Score)> candidates)
    {
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => candidates[i].Score).ThenBy(i => i).ToArray();
        var sorted = order.Select(i => candidates[i]).ToList();
        candidates.Clear();
        candidates.AddRange(sorted);
    }
}
