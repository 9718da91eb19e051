using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// Cost-frugal randomized direct search (CFO with its local search FLOW2): starts at the space's low-cost default and
/// moves by random directions with an adaptive step, restarting from a fresh random point when the step gets too small.
/// </summary>
/// <remarks>
/// <para>
/// Wu, Wang and Huang, "Frugal Optimization for Cost-related Hyperparameters", AAAI 2021,
/// https://arxiv.org/abs/2005.01571. Update rule (FLOW2), in the unit cube of dimension d:
/// x₀ = the space's <c>Default</c> (low cost); each iteration draws u uniformly on the unit sphere S^(d−1) and tries
/// x + δu; if that is not better than f(x) it tries x − δu; the first that is better becomes x. After 2^min(9,d) failed
/// trials in a row the step shrinks, δ ← δ·√(k′/k), with k the iteration and k′ the iteration of the last improvement
/// (or of the previous shrink), and then again after every two further failures; an improvement restores one shrink,
/// δ ← min(δ·√(k/k′), √d). The initial step is 0.1·√d, raised to twice the lower bound if that is larger. When δ falls
/// below the lower bound the search restarts from a fresh uniformly random point with the initial step. The bound is
/// √d·s/4 when every dimension is discrete with smallest level spacing s (a move δu changes coordinate i only when
/// |δu_i| &gt; s/2, and |u_i| ≈ |z|/√d, so below it fewer than 5% of the coordinates change per move), otherwise
/// <see cref="CostFrugalTunerOptions.ContinuousStepLowerBound"/>, since a continuous coordinate can always be refined.
/// </para>
/// <para>
/// Differences from ML.NET's port (<c>Tuner/Flow2.cs</c>): the sphere has the dimension of the feature space, not the
/// number of top-level keys, and restarts go to new random points rather than to the same start. Moves that land on
/// the incumbent's own parameter (a step smaller than a discrete level) are not proposed: their loss is known, so they
/// count as failed iterations and the incumbent drifts there, as in FLAML. When several proposals are requested before
/// results arrive they continue the ±u pairs; results of trials proposed from an earlier incumbent only count if they
/// improve, and results of a search that has since restarted are ignored. Failed, rejected and non-finite trials are
/// failures; a pruned trial's partial loss is used as is.
/// </para>
/// </remarks>
public sealed class CostFrugalTuner : ITuner
{
    private const int MaxShrinkExponent = 9;

    private readonly UnitCube _cube;
    private readonly Random _random;
    private readonly int _maxMovesPerProposal;
    private readonly double _initialStep;
    private readonly double _stepUpperBound;
    private readonly double _stepLowerBound;
    private readonly int _failuresBeforeShrink;
    private readonly Dictionary<int, Proposal> _proposals = [];

    private int _search;
    private double[] _incumbent;
    private Parameter _incumbentParameter;
    private double _incumbentLoss = double.PositiveInfinity;
    private int _incumbentVersion;
    private bool _startProposed;
    private double _step;
    private double[]? _untriedOpposite;
    private int _failures;
    private long _iteration;
    private long _shrinkIteration;
    private long _previousShrinkIteration;
    private long _improvementIteration = 1;

    /// <summary>Initializes a new instance of the <see cref="CostFrugalTuner"/> class.</summary>
    /// <param name="searchSpace">The space to search; its <c>Default</c> is the low-cost starting point.</param>
    /// <param name="seed">The seed of the tuner's random number generator.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public CostFrugalTuner(SearchSpace searchSpace, int seed, CostFrugalTunerOptions? options = null)
    {
        options ??= new CostFrugalTunerOptions();
        OptionsValidation.Require(options.InitialStepSize is > 0 and <= 1, nameof(options), options.InitialStepSize, "InitialStepSize must lie in (0, 1].");
        OptionsValidation.Require(
            options.ContinuousStepLowerBound > 0 && double.IsFinite(options.ContinuousStepLowerBound),
            nameof(options),
            options.ContinuousStepLowerBound,
            "ContinuousStepLowerBound must be positive and finite.");
        OptionsValidation.Require(options.MaxMovesPerProposal >= 1, nameof(options), options.MaxMovesPerProposal, "MaxMovesPerProposal must be at least 1.");
        _cube = new UnitCube(searchSpace);
        _random = new Random(seed);
        _maxMovesPerProposal = options.MaxMovesPerProposal;
        var dimension = _cube.Dimension;
        _stepUpperBound = Math.Sqrt(Math.Max(1, dimension));
        _stepLowerBound = ComputeStepLowerBound(_cube, _stepUpperBound, options.ContinuousStepLowerBound);
        _initialStep = Math.Min(Math.Max(options.InitialStepSize * _stepUpperBound, 2 * _stepLowerBound), _stepUpperBound);
        _failuresBeforeShrink = 1 << Math.Min(MaxShrinkExponent, dimension);
        _step = _initialStep;
        _incumbent = _cube.DefaultPoint;
        _incumbentParameter = _cube.Sample(_incumbent);
    }

    /// <summary>Gets how many times the local search has restarted from a fresh random point.</summary>
    public int RestartCount { get; private set; }

    /// <summary>Gets the current step size δ (in unit-cube distance).</summary>
    public double StepSize => _step;

    /// <summary>Gets the step size below which the search restarts.</summary>
    public double StepLowerBound => _stepLowerBound;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Parameter Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _iteration++;
        if (!_startProposed || _cube.Dimension == 0)
        {
            return ProposeStart(settings);
        }

        for (var attempt = 1; ; attempt++)
        {
            var move = (double[])_incumbent.Clone();
            if (_untriedOpposite is { } opposite)
            {
                for (var i = 0; i < move.Length; i++)
                {
                    move[i] -= opposite[i];
                }

                _untriedOpposite = null;
            }
            else
            {
                var direction = Sampling.UnitSphere(_random, move.Length);
                for (var i = 0; i < move.Length; i++)
                {
                    direction[i] *= _step;
                    move[i] += direction[i];
                }

                _untriedOpposite = direction;
            }

            move = UnitCube.Clamp(move);
            var parameter = _cube.Sample(move);
            if (attempt >= _maxMovesPerProposal || !parameter.Equals(_incumbentParameter))
            {
                _proposals[settings.TrialId] = new Proposal(move, parameter, _step, _search, _incumbentVersion);
                return parameter;
            }

            // The move stays on the incumbent's parameter, whose loss is known: a failed iteration without a trial.
            // The incumbent drifts there so that small steps can add up across a level boundary.
            _incumbent = move;
            _untriedOpposite = null;
            _iteration++;
            if (RegisterFailure())
            {
                return ProposeStart(settings);
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.TrialSettings;
        ArgumentNullException.ThrowIfNull(settings, nameof(result));
        if (!_proposals.Remove(settings.TrialId, out var proposal))
        {
            if (settings.Parameter is not { } parameter)
            {
                return;
            }

            // A trial this tuner did not propose (for example a warm start): it can only move the incumbent.
            proposal = new Proposal(_cube.FromParameter(parameter).Vector, parameter, _step, _search, -1);
        }

        if (proposal.Search != _search)
        {
            return;
        }

        var loss = TrialLoss.LossOf(result);
        if (loss < _incumbentLoss)
        {
            _incumbent = proposal.Point;
            _incumbentParameter = proposal.Parameter;
            _incumbentLoss = loss;
            _incumbentVersion++;
            _startProposed = true;
            _untriedOpposite = null;
            _failures = 0;
            _step = proposal.Step;
            if (_shrinkIteration > 0)
            {
                _step *= Math.Sqrt((double)_shrinkIteration / _previousShrinkIteration);
            }

            _step = Math.Min(_step, _stepUpperBound);
            _improvementIteration = Math.Max(1, _iteration);
        }
        else if (proposal.IncumbentVersion == _incumbentVersion)
        {
            RegisterFailure();
        }
    }

    private static double ComputeStepLowerBound(UnitCube cube, double stepUpperBound, double continuousLowerBound)
    {
        var smallestSpacing = double.PositiveInfinity;
        for (var i = 0; i < cube.Dimension; i++)
        {
            if (cube.StepOf(i) is not double spacing)
            {
                // A continuous dimension can always be refined further.
                return continuousLowerBound;
            }

            smallestSpacing = Math.Min(smallestSpacing, spacing);
        }

        // A coordinate changes level when |δ·u_i| exceeds half its spacing s, and |u_i| ≈ |z|/√d for a standard normal z:
        // below δ = √d·s/4 that takes |z| > 2 (under 5% of the coordinates per move), so the search has stalled.
        return double.IsFinite(smallestSpacing) ? smallestSpacing * stepUpperBound / 4 : continuousLowerBound;
    }

    private Parameter ProposeStart(TrialSettings settings)
    {
        _startProposed = true;
        _proposals[settings.TrialId] = new Proposal(_incumbent, _incumbentParameter, _step, _search, _incumbentVersion);
        return _incumbentParameter;
    }

    // Counts a failed iteration of the current incumbent; shrinks the step or restarts. Returns true on a restart.
    private bool RegisterFailure()
    {
        _failures++;
        if (_failures < _failuresBeforeShrink)
        {
            return false;
        }

        _failures -= 2;
        if (_step < _stepLowerBound)
        {
            Restart();
            return true;
        }

        _previousShrinkIteration = _shrinkIteration > 0 ? _shrinkIteration : _improvementIteration;
        _shrinkIteration = _iteration + 1;
        _step *= Math.Sqrt((double)_previousShrinkIteration / _shrinkIteration);
        return false;
    }

    private void Restart()
    {
        RestartCount++;
        _search++;
        _incumbent = _cube.UniformPoint(_random);
        _incumbentParameter = _cube.Sample(_incumbent);
        _incumbentLoss = double.PositiveInfinity;
        _incumbentVersion++;
        _startProposed = false;
        _step = _initialStep;
        _untriedOpposite = null;
        _failures = 0;
        _shrinkIteration = 0;
        _previousShrinkIteration = 0;
        _improvementIteration = Math.Max(1, _iteration);
    }

    private sealed record Proposal(double[] Point, Parameter Parameter, double Step, int Search, int IncumbentVersion);
}
