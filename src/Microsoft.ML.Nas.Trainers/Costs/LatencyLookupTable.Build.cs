using System.Globalization;
using Microsoft.ML.Nas.Trainers.Architectures;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <content>Building a table on the machine at hand: finding a space's latency terms, measuring them, fitting the overhead.</content>
public sealed partial class LatencyLookupTable
{
    /// <summary>The most sweep points per coordinate (a wide integer range is sampled evenly rather than walked level by level).</summary>
    private const int MaxSweepPointsPerCoordinate = 65;

    /// <summary>The sweep points of a continuous coordinate.</summary>
    private const int ContinuousSweepPoints = 17;

    /// <summary>
    /// Builds the table for a space on the machine at hand, in one call: finds the distinct latency terms the space's
    /// networks can have for this input (see <see cref="EnumerateTerms"/>), measures each with
    /// <see cref="LatencyTableOptions.Measurement"/>, then measures <see cref="LatencyTableOptions.CalibrationNetworks"/>
    /// sampled networks whole to fit the per-forward overhead, and records the machine.
    /// </summary>
    /// <param name="space">The architecture space to be searched.</param>
    /// <param name="input">The per-sample input shape the search uses.</param>
    /// <param name="outputs">The number of outputs; at least 1.</param>
    /// <param name="options">How to search, measure and calibrate; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the build between two measurements.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The input does not fit the space, or <paramref name="outputs"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException">The build was cancelled.</exception>
    public static LatencyLookupTable Build(
        IArchitectureSpace space, InputShape input, int outputs, LatencyTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LatencyTableOptions();
        var terms = EnumerateTerms(space, input, outputs, options, cancellationToken);
        var random = new Random(unchecked((options.Seed * 7919) + 1));
        var calibration = Enumerable.Range(0, options.CalibrationNetworks)
            .Select(_ => Describe(space, RandomPoint(random, space.SearchSpace.FeatureSpaceDimension), input, outputs))
            .ToList();
        var source = string.Create(CultureInfo.InvariantCulture, $"{space.Name} {input} -> {outputs}");
        return Measure(terms, calibration, options, source, cancellationToken);
    }

    /// <summary>
    /// Builds a table for given networks on the machine at hand: measures each distinct latency term among them,
    /// then the first <see cref="LatencyTableOptions.CalibrationNetworks"/> of them whole to fit the per-forward overhead.
    /// For custom spaces, or to extend coverage with known networks.
    /// </summary>
    /// <param name="networks">The networks; at least one.</param>
    /// <param name="options">How to measure and calibrate (the search settings are not used); <see langword="null"/> for the defaults.</param>
    /// <param name="source">What the table is for, for messages; empty by default.</param>
    /// <param name="cancellationToken">Stops the build between two measurements.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException">An argument or a network is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no networks.</exception>
    /// <exception cref="OperationCanceledException">The build was cancelled.</exception>
    public static LatencyLookupTable Build(
        IEnumerable<NetworkDescription> networks, LatencyTableOptions? options = null, string source = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new LatencyTableOptions();
        var list = networks.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one network is needed to build a latency table.", nameof(networks));
        }

        if (list.Any(network => network is null))
        {
            throw new ArgumentNullException(nameof(networks), "A network is null.");
        }

        var terms = new TermCollector();
        foreach (var network in list)
        {
            terms.AddAll(network);
        }

        return Measure(terms.Terms, [.. list.Take(options.CalibrationNetworks)], options, source, cancellationToken);
    }

    /// <summary>
    /// Finds the distinct latency terms (<see cref="LatencyTerm.Of"/>, one per key) of the networks a space produces for
    /// an input, without measuring anything, by seeded sampling: each round draws a random architecture and varies each
    /// of its coordinates alone over all its levels; the search stops when <see cref="LatencyTableOptions.Patience"/> rounds in a row add no key, or after
    /// <see cref="LatencyTableOptions.MaxArchitectures"/> rounds.
    /// </summary>
    /// <param name="space">The architecture space.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs; at least 1.</param>
    /// <param name="options">The seed, patience and limit; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the search between two rounds.</param>
    /// <returns>One term per latency key, in the order found.</returns>
    /// <remarks>
    /// Sampling, not a product over positions, because a term's key includes its input resolution and channels, which
    /// depend on the choices before it: a position's configurations are not independent of the others'. The
    /// one-coordinate sweeps reach every value of every decision quickly; random restarts reach the combinations of a
    /// node's own decisions with those of the nodes before it. Keys a wide integer range or a continuous coordinate
    /// can produce are covered only as far as the samples reach.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The input does not fit the space, or <paramref name="outputs"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public static IReadOnlyList<LatencyTerm> EnumerateTerms(
        IArchitectureSpace space, InputShape input, int outputs, LatencyTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        options ??= new LatencyTableOptions();
        space.ValidateInput(input);
        var dimension = space.SearchSpace.FeatureSpaceDimension;
        var sweeps = SweepPoints(space.SearchSpace.Step);
        var random = new Random(options.Seed);
        var terms = new TermCollector();
        terms.AddAll(Describe(space, space.SearchSpace.Default, input, outputs));
        var roundsWithoutNewKey = 0;
        for (var round = 0; round < options.MaxArchitectures && roundsWithoutNewKey < options.Patience; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = terms.Terms.Count;
            var point = RandomPoint(random, dimension);
            terms.AddAll(Describe(space, point, input, outputs));
            for (var coordinate = 0; coordinate < dimension; coordinate++)
            {
                var original = point[coordinate];
                foreach (var value in sweeps[coordinate])
                {
                    point[coordinate] = value;
                    terms.AddAll(Describe(space, point, input, outputs));
                }

                point[coordinate] = original;
            }

            roundsWithoutNewKey = terms.Terms.Count > before ? 0 : roundsWithoutNewKey + 1;
        }

        return terms.Terms;
    }

    private static LatencyLookupTable Measure(
        IReadOnlyList<LatencyTerm> terms, List<NetworkDescription> calibration, LatencyTableOptions options, string source,
        CancellationToken cancellationToken)
    {
        var collector = new TermCollector();
        collector.AddAll(terms);
        foreach (var network in calibration)
        {
            collector.AddAll(network);
        }

        var measurer = new LatencyMeasurer(options.Measurement);
        var entries = new Dictionary<string, LatencyMeasurement>(StringComparer.Ordinal);
        foreach (var term in collector.Terms)
        {
            cancellationToken.ThrowIfCancellationRequested();
            entries[term.Key] = measurer.Measure(term);
        }

        var residuals = new List<double>(calibration.Count);
        foreach (var network in calibration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statistic = options.Measurement.Statistic;
            var measured = measurer.Measure(network).Milliseconds(statistic);
            residuals.Add(measured - network.Nodes.SelectMany(LatencyTerm.Of).Sum(term => entries[term.Key].Milliseconds(statistic)));
        }

        var overhead = residuals.Count == 0 ? 0.0 : Math.Max(0.0, Median(residuals));
        var machine = LatencyTableMachine.Current(options.Measurement, options.TimeProvider);
        return new LatencyLookupTable(entries, overhead, machine, source);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static NetworkDescription Describe(IArchitectureSpace space, double[] point, InputShape input, int outputs) =>
        space.Describe(space.SearchSpace.SampleFromFeatureSpace(point), input, outputs);

    private static double[] RandomPoint(Random random, int dimension)
    {
        var point = new double[dimension];
        for (var index = 0; index < dimension; index++)
        {
            point[index] = random.NextDouble();
        }

        return point;
    }

    /// <summary>
    /// The values each coordinate is swept over: every multiple of half its step from 0 to 1, which hits every level
    /// whether the option puts its levels at the step's multiples (integers, booleans) or at their centres (choices).
    /// </summary>
    private static double[][] SweepPoints(double?[] steps)
    {
        var result = new double[steps.Length][];
        for (var coordinate = 0; coordinate < steps.Length; coordinate++)
        {
            var intervals = steps[coordinate] is { } step and > 0
                ? (int)Math.Min(MaxSweepPointsPerCoordinate - 1, Math.Ceiling((2.0 / step) - 1e-9))
                : ContinuousSweepPoints - 1;
            result[coordinate] = [.. Enumerable.Range(0, intervals + 1).Select(k => (double)k / intervals)];
        }

        return result;
    }

    /// <summary>Keeps the first term seen for each latency key, in order.</summary>
    private sealed class TermCollector
    {
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly List<LatencyTerm> _terms = [];

        public List<LatencyTerm> Terms => _terms;

        public void AddAll(NetworkDescription network)
        {
            foreach (var node in network.Nodes)
            {
                AddAll(LatencyTerm.Of(node));
            }
        }

        public void AddAll(IEnumerable<LatencyTerm> terms)
        {
            foreach (var term in terms)
            {
                if (_keys.Add(term.Key))
                {
                    _terms.Add(term);
                }
            }
        }
    }
}
