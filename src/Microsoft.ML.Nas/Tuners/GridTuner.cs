using System.Numerics;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// Enumerates a grid over the search space in a seeded random order, one grid point per proposal, starting a new
/// shuffled pass when every point has been proposed. Results are ignored.
/// </summary>
/// <remarks>
/// The grid is the product of every discrete dimension's levels (from the space's <c>Step</c>) and, for continuous
/// dimensions, <see cref="GridTunerOptions.LevelsPerContinuousDimension"/> evenly spaced values. The order is a uniform
/// random permutation drawn lazily (sparse Fisher–Yates: the k-th proposal swaps position k with a uniform position in
/// [k, N)), so memory grows with the number of proposals, not with the grid. Grid points that give a parameter already
/// proposed in the current pass (inactive conditional coordinates) are skipped. Grid and random search are compared in
/// Bergstra and Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012,
/// https://jmlr.org/papers/v13/bergstra12a.html.
/// </remarks>
public sealed class GridTuner : ITuner
{
    private const int MaxSkipsPerProposal = 1000;

    private readonly UnitCube _cube;
    private readonly Random _random;
    private readonly double[][] _values;
    private readonly Dictionary<BigInteger, BigInteger> _swaps = [];
    private readonly HashSet<Parameter> _proposedInPass = [];
    private BigInteger _position;

    /// <summary>Initializes a new instance of the <see cref="GridTuner"/> class.</summary>
    /// <param name="searchSpace">The space to search.</param>
    /// <param name="seed">The seed of the shuffled order.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="GridTunerOptions.LevelsPerContinuousDimension"/> is below 1.</exception>
    public GridTuner(SearchSpace searchSpace, int seed, GridTunerOptions? options = null)
    {
        options ??= new GridTunerOptions();
        OptionsValidation.Require(
            options.LevelsPerContinuousDimension >= 1,
            nameof(options),
            options.LevelsPerContinuousDimension,
            "LevelsPerContinuousDimension must be at least 1.");
        _cube = new UnitCube(searchSpace);
        _random = new Random(seed);
        _values = new double[_cube.Dimension][];
        var continuousLevels = options.LevelsPerContinuousDimension;
        BigInteger size = 1;
        for (var i = 0; i < _cube.Dimension; i++)
        {
            _values[i] = _cube.LevelsOf(i) ?? Enumerable.Range(0, continuousLevels)
                .Select(k => continuousLevels == 1 ? 0.5 : k / (double)(continuousLevels - 1))
                .ToArray();
            size *= Math.Max(1, _values[i].Length);
        }

        GridSize = size;
    }

    /// <summary>Gets the number of grid points (before parameters that coincide are skipped).</summary>
    public BigInteger GridSize { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Parameter Propose(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Parameter parameter = _cube.Sample(PointAt(NextIndex()));
        for (var skips = 0; skips < MaxSkipsPerProposal && !_proposedInPass.Add(parameter); skips++)
        {
            parameter = _cube.Sample(PointAt(NextIndex()));
        }

        return parameter;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Update(TrialResult result) => ArgumentNullException.ThrowIfNull(result);

    private BigInteger NextIndex()
    {
        if (_position >= GridSize)
        {
            _position = 0;
            _swaps.Clear();
            _proposedInPass.Clear();
        }

        var chosen = _position + NextBigInteger(GridSize - _position);
        var value = _swaps.GetValueOrDefault(chosen, chosen);
        _swaps[chosen] = _swaps.GetValueOrDefault(_position, _position);
        _swaps.Remove(_position);
        _position++;
        return value;
    }

    private double[] PointAt(BigInteger index)
    {
        var point = new double[_values.Length];
        for (var i = _values.Length - 1; i >= 0; i--)
        {
            var count = Math.Max(1, _values[i].Length);
            index = BigInteger.DivRem(index, count, out var digit);
            point[i] = _values[i].Length == 0 ? 0.5 : _values[i][(int)digit];
        }

        return point;
    }

    // Uniform integer in [0, exclusiveMax) by rejection sampling of random bytes.
    private BigInteger NextBigInteger(BigInteger exclusiveMax)
    {
        if (exclusiveMax <= int.MaxValue)
        {
            return _random.Next((int)exclusiveMax);
        }

        var bytes = exclusiveMax.ToByteArray(isUnsigned: true);
        var topBits = (int)(exclusiveMax.GetBitLength() % 8);
        var mask = topBits == 0 ? (byte)0xFF : (byte)((1 << topBits) - 1);
        BigInteger candidate;
        do
        {
            _random.NextBytes(bytes);
            bytes[^1] &= mask;
            candidate = new BigInteger(bytes, isUnsigned: true);
        }
        while (candidate >= exclusiveMax);

        return candidate;
    }
}
