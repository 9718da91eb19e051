using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// The tuners' view of a <see cref="SearchSpace"/>: points of [0,1]^d, their canonical form (the mapping of the
/// parameter they sample), random points and the positions of discrete levels.
/// </summary>
/// <remarks>
/// The tuners know nothing of how the space encodes its options. The level positions of a discrete dimension are found
/// by probing: the dimension is swept (two probes per level spacing and both ends) with the other coordinates held at the
/// default or, when the dimension is inactive there (a conditional option), at the first of up to 31 random points where
/// it is active, and the distinct canonical coordinates are kept. Dimensions with more than <see cref="MaxEnumeratedLevels"/> levels, or where fewer than two
/// levels were found, are treated as continuous (sampling still rounds them).
/// </remarks>
internal sealed class UnitCube
{
    /// <summary>The largest number of levels a discrete dimension may have to be enumerated.</summary>
    public const int MaxEnumeratedLevels = 64;

    private const int ProbeBaseCount = 32;
    private const int ProbeSeed = 20_210_501;
    private const double LevelTolerance = 1e-9;

    private readonly SearchSpace _space;
    private readonly double?[] _steps;
    private readonly double[] _default;
    private double[]?[]? _levels;

    /// <summary>Initializes a new instance of the <see cref="UnitCube"/> class.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> is null.</exception>
    /// <exception cref="ArgumentException">The space's <c>Step</c> or <c>Default</c> does not have one entry per dimension.</exception>
    public UnitCube(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        Dimension = space.FeatureSpaceDimension;
        var steps = space.Step;
        var defaults = space.Default;
        if (steps.Length != Dimension || defaults.Length != Dimension)
        {
            throw new ArgumentException(
                $"The search space has {Dimension} dimensions but {steps.Length} steps and {defaults.Length} default coordinates.",
                nameof(space));
        }

        _steps = new double?[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            _steps[i] = steps[i] is double step && double.IsFinite(step) && step > 0 ? Math.Min(step, 1.0) : null;
        }

        _default = Clamp(defaults);
    }

    /// <summary>Gets the number of dimensions.</summary>
    public int Dimension { get; }

    /// <summary>Gets a copy of the space's default point, clamped to the cube.</summary>
    public double[] DefaultPoint => (double[])_default.Clone();

    /// <summary>Returns the spacing of the discrete levels of a dimension, or null for a continuous one.</summary>
    public double? StepOf(int dimension) => _steps[dimension];

    /// <summary>Returns a copy of <paramref name="point"/> clamped to [0,1]; NaN coordinates become 0.</summary>
    public static double[] Clamp(double[] point)
    {
        var clamped = new double[point.Length];
        for (var i = 0; i < point.Length; i++)
        {
            clamped[i] = double.IsNaN(point[i]) ? 0.0 : Math.Clamp(point[i], 0.0, 1.0);
        }

        return clamped;
    }

    /// <summary>Samples the parameter at <paramref name="point"/> (clamped first).</summary>
    public Parameter Sample(double[] point) => _space.SampleFromFeatureSpace(Clamp(point));

    /// <summary>Samples the parameter at <paramref name="point"/> (clamped first) and maps it back.</summary>
    public CubePoint Canonicalize(double[] point)
    {
        var parameter = _space.SampleFromFeatureSpace(Clamp(point));
        return new CubePoint(Map(parameter), parameter);
    }

    /// <summary>Maps a parameter of the space to its canonical point.</summary>
    public CubePoint FromParameter(Parameter parameter) => new(Map(parameter), parameter);

    /// <summary>Draws a point uniformly from the cube.</summary>
    public double[] UniformPoint(Random random)
    {
        var point = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            point[i] = random.NextDouble();
        }

        return point;
    }

    /// <summary>Draws a point whose enumerated discrete coordinates sit exactly on a level (uniformly chosen).</summary>
    public double[] RandomLevelPoint(Random random)
    {
        var point = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            var levels = LevelsOf(i);
            point[i] = levels is null ? random.NextDouble() : levels[random.Next(levels.Length)];
        }

        return point;
    }

    /// <summary>
    /// Returns the sorted level positions of an enumerated discrete dimension, or null when the dimension is
    /// continuous or has more than <see cref="MaxEnumeratedLevels"/> levels.
    /// </summary>
    public double[]? LevelsOf(int dimension)
    {
        _levels ??= ProbeLevels();
        return _levels[dimension];
    }

    /// <summary>Returns a level of <paramref name="dimension"/> other than <paramref name="current"/>, or null if it has one level.</summary>
    public double? OtherLevel(int dimension, double current, Random random)
    {
        var levels = LevelsOf(dimension);
        if (levels is null || levels.Length < 2)
        {
            return null;
        }

        var index = random.Next(levels.Length - 1);
        if (Math.Abs(levels[index] - current) <= LevelTolerance)
        {
            index = levels.Length - 1;
        }

        return levels[index];
    }

    private double[] Map(Parameter parameter)
    {
        var mapped = _space.MappingToFeatureSpace(parameter);
        if (mapped.Length != Dimension)
        {
            throw new InvalidOperationException(
                $"The search space mapped a parameter to {mapped.Length} coordinates instead of {Dimension}.");
        }

        return Clamp(mapped);
    }

    private double[]?[] ProbeLevels()
    {
        var levels = new double[]?[Dimension];
        var probeRandom = new Random(ProbeSeed);
        var bases = new double[ProbeBaseCount][];
        bases[0] = _default;
        for (var b = 1; b < ProbeBaseCount; b++)
        {
            bases[b] = UniformPoint(probeRandom);
        }

        for (var i = 0; i < Dimension; i++)
        {
            if (_steps[i] is not double step)
            {
                continue;
            }

            var spacings = (int)Math.Round(1.0 / step);
            if (spacings > MaxEnumeratedLevels)
            {
                continue;
            }

            spacings = Math.Max(spacings, 1);
            double[] best = [];
            foreach (var probeBase in bases)
            {
                // An active coordinate maps 0 and 1 to different levels; skip bases where it is inactive (conditional).
                if (!IsActive(probeBase, i))
                {
                    continue;
                }

                var found = ProbeDimension(probeBase, i, spacings);
                if (found.Length > best.Length)
                {
                    best = found;
                }

                if (best.Length >= Math.Max(2, spacings))
                {
                    break;
                }
            }

            // Fewer than two levels means the dimension never became active in the probes (a deeply conditional
            // option): leave it continuous, which sampling still makes discrete.
            levels[i] = best.Length is >= 2 and <= MaxEnumeratedLevels ? best : null;
        }

        return levels;
    }

    private bool IsActive(double[] probeBase, int dimension)
    {
        var point = (double[])probeBase.Clone();
        point[dimension] = 0.0;
        var low = Canonicalize(point).Vector[dimension];
        point[dimension] = 1.0;
        return Math.Abs(Canonicalize(point).Vector[dimension] - low) > LevelTolerance;
    }

    // Sweeps the coordinate at a quarter and three quarters of each spacing plus both ends, which hits every level
    // whether the levels sit at bin centres ((k + ½)·s) or at multiples of the spacing (k·s, rounded).
    private double[] ProbeDimension(double[] probeBase, int dimension, int spacings)
    {
        var values = new List<double>((2 * spacings) + 2);
        var point = (double[])probeBase.Clone();
        for (var j = -1; j <= 2 * spacings; j++)
        {
            point[dimension] = j < 0 ? 0.0 : j == 2 * spacings ? 1.0 : ((j / 2) + (j % 2 == 0 ? 0.25 : 0.75)) / spacings;
            values.Add(Canonicalize(point).Vector[dimension]);
        }

        values.Sort();
        var distinct = new List<double>();
        foreach (var value in values)
        {
            if (distinct.Count == 0 || value - distinct[^1] > LevelTolerance)
            {
                distinct.Add(value);
            }
        }

        return [.. distinct];
    }
}
