using System.Collections;
using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>
/// An architecture space composed from <see cref="LayerTemplate"/>s (see <see cref="Layers"/>), run in the order they
/// were added; end it with <see cref="Layers.Classifier"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each template with searched settings contributes one key to <see cref="SearchSpace"/>: the key given to
/// <see cref="Add(string, LayerTemplate)"/>, or <c>layerN</c> for the N-th template added (counting from 1). Templates
/// are added with a collection initializer; the space is fixed once <see cref="SearchSpace"/> is first read.
/// </para>
/// <example>
/// <code>
/// var space = new ComposedArchitectureSpace("tiny")
/// {
///     Layers.ConvBnAct(channels: ValueChoice.Of(8, 16)),
///     { "stage", Layers.Repeat([1, 2], Layers.Choice(
///         Layers.InvertedResidual(24, kernel: ValueChoice.Of(3, 5), stride: 2),
///         Layers.BasicBlock(24, stride: 2))) },
///     Layers.Classifier(),
/// };
/// </code>
/// </example>
/// </remarks>
public sealed class ComposedArchitectureSpace : ArchitectureSpace, IEnumerable<LayerTemplate>
{
    private readonly List<(string Key, LayerTemplate Layer)> _layers = [];
    private readonly HashSet<InputShape> _validatedInputs = [];
    private SequenceTemplate? _sequence;

    /// <summary>Initializes a new, empty instance of the <see cref="ComposedArchitectureSpace"/> class.</summary>
    /// <param name="name">A short name for messages and leaderboards; <c>composed</c> by default.</param>
    public ComposedArchitectureSpace(string name = "composed")
        : base(name)
    {
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The space has no layers.</exception>
    public override SearchSpace SearchSpace => (SearchSpace?)Sequence.Option ?? [];

    /// <summary>Gets the templates with their keys, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, LayerTemplate>> Templates => [.. _layers.Select(l => KeyValuePair.Create(l.Key, l.Layer))];

    private SequenceTemplate Sequence
    {
        get
        {
            if (_sequence is null)
            {
                if (_layers.Count == 0)
                {
                    throw new InvalidOperationException($"The {Name} space has no layers; add templates from Layers, ending with Layers.Classifier().");
                }

                _sequence = new SequenceTemplate(Name, _layers);
            }

            return _sequence;
        }
    }

    /// <summary>Adds a template under the key <c>layerN</c> (N = its position, counting from 1).</summary>
    /// <param name="layer">The template.</param>
    /// <exception cref="InvalidOperationException">The space is already in use (its search space was read).</exception>
    public void Add(LayerTemplate layer) => Add("layer" + (_layers.Count + 1).ToString(CultureInfo.InvariantCulture), layer);

    /// <summary>Adds a template under a key of your choice.</summary>
    /// <param name="key">The parameter key of the template's settings; not empty, not used yet.</param>
    /// <param name="layer">The template.</param>
    /// <exception cref="ArgumentException">The key is empty or already used.</exception>
    /// <exception cref="InvalidOperationException">The space is already in use (its search space was read).</exception>
    public void Add(string key, LayerTemplate layer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(layer);
        if (_sequence is not null)
        {
            throw new InvalidOperationException($"The {Name} space is in use (its search space was read); add every layer before using it.");
        }

        if (_layers.Any(l => l.Key == key))
        {
            throw new ArgumentException($"The {Name} space already has a layer with the key '{key}'.", nameof(key));
        }

        _layers.Add((key, layer));
    }

    /// <inheritdoc/>
    public IEnumerator<LayerTemplate> GetEnumerator() => _layers.Select(l => l.Layer).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    /// <remarks>Describes every minimal candidate for the input once (per shape) and reports the first layer that does not fit.</remarks>
    public override void ValidateInput(InputShape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        lock (_validatedInputs)
        {
            if (_validatedInputs.Contains(input))
            {
                return;
            }
        }

        foreach (var candidate in MinimalCandidates())
        {
            try
            {
                Sequence.Describe(Sequence.Option is null ? null : candidate, new LayerContext(input, 1));
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"The {Name} space does not fit the input {input}: {ParameterReader.MessageOf(exception)}", nameof(input), exception);
            }
        }

        lock (_validatedInputs)
        {
            _validatedInputs.Add(input);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> MinimalCandidates() =>
        [.. Sequence.MinimalCandidates().Select(candidate => candidate ?? Parameter.CreateObject())];

    /// <inheritdoc/>
    protected override NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs)
    {
        var context = new LayerContext(input, outputs);
        Sequence.Describe(Sequence.Option is null ? null : parameter, context);
        if (context.Nodes.Count == 0)
        {
            throw new InvalidOperationException($"The {Name} space described no layer for {parameter}; end it with Layers.Classifier().");
        }

        return new NetworkDescription(input, context.Nodes);
    }

    /// <inheritdoc/>
    protected override string SummarizeCore(Parameter parameter) =>
        Name + ": " + Sequence.SummarizeLayers(Sequence.Option is null ? null : parameter, " | ");
}
