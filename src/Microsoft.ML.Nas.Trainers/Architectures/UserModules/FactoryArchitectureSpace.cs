using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.UserModules;

/// <summary>
/// An architecture space whose candidates are whole user-written TorchSharp networks built from a
/// <see cref="Parameter"/> of your <see cref="SearchSpaces.SearchSpace"/> (create it with
/// <see cref="ArchitectureSpaces.FromFactory"/>): each description is one <see cref="ModuleNode"/> named
/// <see cref="ArchitectureSpace.Name"/>, traced for its output shape and costs.
/// </summary>
/// <remarks>
/// <para>
/// The node's settings are <c>{"outputs": N, "architecture": parameter}</c>, so that <see cref="Factory"/> can rebuild
/// the network from a saved description (<see cref="Factories"/>).
/// </para>
/// <para>
/// The networks have no NasML classifier head, so a search with a recipe space that searches dropout fails before
/// training; fix the recipe's dropout at 0 (<c>RecipeSpace.Dropout = null</c>) and put dropout in your network.
/// </para>
/// <para>
/// <b>Minimum costs</b> (constraints that no network can meet fail before training) come from
/// <see cref="MinimalCandidates"/>: the candidates you give, or else every parameter of a small discrete space (at most 256 grid
/// points) (choices, integer ranges), or else the corners of its feature space (every option at its smallest and largest
/// value, up to 8 options), or else its default. Give your own when the cheapest network lies elsewhere.
/// </para>
/// </remarks>
public sealed class FactoryArchitectureSpace : ArchitectureSpace
{
    private const string OutputsKey = "outputs";
    private const string ArchitectureKey = "architecture";
    private const int EnumerationLimit = 256;
    private const int CornerDimensionLimit = 8;

    private static readonly double[] s_corners = [0.0, 1.0];

    private readonly SearchSpace _space;
    private readonly Func<Parameter, InputShape, int, nn.Module<Tensor, Tensor>> _factory;
    private readonly IReadOnlyList<Parameter>? _minimalCandidates;
    private readonly ConcurrentDictionary<string, ModuleTrace> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InputShape, bool> _validatedInputs = new();

    /// <summary>Initializes a new instance of the <see cref="FactoryArchitectureSpace"/> class.</summary>
    /// <param name="name">The space's name, also the module's name in descriptions (the key of <see cref="Factory"/>); not empty.</param>
    /// <param name="space">The decisions; the factory receives one of its parameters.</param>
    /// <param name="factory">Builds a freshly initialised network for a parameter, a per-sample input shape and an output count; it must map <c>[N, ...input]</c> to <c>[N, outputs]</c>.</param>
    /// <param name="minimalCandidates">Parameters that together reach the smallest value of every cost, or <see langword="null"/> (the default) to enumerate them (see remarks).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a minimal candidate is not in the space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public FactoryArchitectureSpace(
        string name, SearchSpace space, Func<Parameter, InputShape, int, nn.Module<Tensor, Tensor>> factory, IReadOnlyList<Parameter>? minimalCandidates = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(factory);
        _space = space;
        _factory = factory;
        if (minimalCandidates is not null)
        {
            if (minimalCandidates.Count == 0)
            {
                throw new ArgumentException("Give at least one minimal candidate, or null to let the space enumerate them.", nameof(minimalCandidates));
            }

            foreach (var candidate in minimalCandidates)
            {
                try
                {
                    _ = space.MappingToFeatureSpace(candidate);
                }
                catch (ArgumentException exception)
                {
                    throw new ArgumentException($"A minimal candidate is not in the {name} space: {ParameterReader.MessageOf(exception)}", nameof(minimalCandidates), exception);
                }
            }

            _minimalCandidates = [.. minimalCandidates.Select(candidate => candidate.Clone())];
        }

        Factory = (input, settings) => _factory(settings[ArchitectureKey].Clone(), input, settings[OutputsKey].AsType<int>());
    }

    /// <inheritdoc/>
    public override SearchSpace SearchSpace => _space;

    /// <summary>Gets the factory of the space's <see cref="ModuleNode"/>s: it reads the output count and the parameter from the node's settings and calls your factory.</summary>
    public ModuleFactory Factory { get; }

    /// <summary>Gets the factories to read back descriptions and models of this space (<see cref="Factory"/> under <see cref="ArchitectureSpace.Name"/>).</summary>
    public IReadOnlyDictionary<string, ModuleFactory> Factories => new Dictionary<string, ModuleFactory>(StringComparer.Ordinal) { [Name] = Factory };

    /// <inheritdoc/>
    /// <remarks>Traces the network of the first minimal candidate for the input (once per shape).</remarks>
    public override void ValidateInput(InputShape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_validatedInputs.ContainsKey(input))
        {
            return;
        }

        try
        {
            _ = Trace(MinimalCandidates()[0], input, outputs: 1);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The {Name} space does not fit the input {input}: {ParameterReader.MessageOf(exception)}", nameof(input), exception);
        }

        _validatedInputs[input] = true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> MinimalCandidates() => _minimalCandidates ?? EnumerateCandidates(_space);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The factory's network does not output <c>[outputs]</c>; the message names both shapes.</exception>
    protected override NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs)
    {
        var (settings, trace) = Trace(parameter, input, outputs);
        if (!trace.Output.Equals(InputShape.Vector(outputs)))
        {
            throw new InvalidOperationException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {Name} factory built a network whose output per sample is {trace.Output} for the parameter {parameter.ToJson()} and the input {input}; a network for {outputs} outputs must map [N, {string.Join(", ", input.Dimensions)}] to [N, {outputs}]."));
        }

        return new NetworkDescription(input, [new ModuleNode(Name, input, settings, Factory, trace)]);
    }

    /// <inheritdoc/>
    protected override string SummarizeCore(Parameter parameter) => Name + ": " + parameter.ToJson();

    private (Parameter Settings, ModuleTrace Trace) Trace(Parameter parameter, InputShape input, int outputs)
    {
        var settings = Parameter.FromObject([KeyValuePair.Create(OutputsKey, Parameter.FromInt(outputs)), KeyValuePair.Create(ArchitectureKey, parameter.Clone())]);
        var key = input.ToKey() + "|" + settings.ToJson();
        return (settings, _traces.GetOrAdd(key, _ => ModuleTrace.Of(Name, input, settings, Factory)));
    }

    /// <summary>Every parameter of a small discrete space, else the feature-space corners of a space of up to 8 dimensions, else the default.</summary>
    private static IReadOnlyList<Parameter> EnumerateCandidates(SearchSpace space)
    {
        var steps = space.Step;
        if (steps.Length == 0)
        {
            return [space.SampleFromFeatureSpace([])];
        }

        var grid = steps.Select(step => step is > 0 and <= 1 ? GridPoints(step.Value) : s_corners).ToArray();
        long count = grid.Aggregate(1L, (product, points) => product * points.Length);
        if (count > EnumerationLimit)
        {
            if (steps.Length > CornerDimensionLimit)
            {
                return [space.SampleFromFeatureSpace(space.Default)];
            }

            grid = [.. steps.Select(_ => s_corners)];
        }

        var points = new List<double[]> { Array.Empty<double>() };
        foreach (var values in grid)
        {
            points = [.. points.SelectMany(point => values.Select(value => (double[])[.. point, value]))];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. points.Select(space.SampleFromFeatureSpace).Where(parameter => seen.Add(parameter.ToJson()))];
    }

    private static double[] GridPoints(double step)
    {
        int intervals = (int)Math.Round(1.0 / step);
        // Bucket starts and middles, so that both rounding (integer ranges) and flooring (choices) reach every value.
        return [.. Enumerable.Range(0, intervals + 1).SelectMany(k => new[] { k * step, (k + 0.5) * step }).Select(point => Math.Min(1.0, point)).Distinct()];
    }
}
