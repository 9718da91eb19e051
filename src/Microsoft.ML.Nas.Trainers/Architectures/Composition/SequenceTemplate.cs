using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>Layer templates run one after the other as one template; the searched ones are keyed <c>layer1</c>, <c>layer2</c>, … by position.</summary>
internal sealed class SequenceTemplate : LayerTemplate
{
    private readonly (string Key, LayerTemplate Layer)[] _layers;
    private readonly SearchSpace? _space;

    public SequenceTemplate(string name, IEnumerable<LayerTemplate> layers)
        : this(name, NumberLayers(layers))
    {
    }

    public SequenceTemplate(string name, IEnumerable<(string Key, LayerTemplate Layer)> layers)
        : base(name)
    {
        _layers = [.. layers];
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A sequence needs at least one layer.", nameof(layers));
        }

        var space = new SearchSpace();
        foreach (var (key, layer) in _layers)
        {
            if (layer.Option is { } option)
            {
                space.Add(key, option);
            }
        }

        _space = space.Count > 0 ? space : null;
    }

    internal override OptionBase? OptionCore => _space;

    internal IReadOnlyList<(string Key, LayerTemplate Layer)> Layers => _layers;

    internal override void Describe(Parameter? parameter, LayerContext context)
    {
        foreach (var (key, layer) in _layers)
        {
            layer.Describe(layer.Option is null ? null : parameter![key], context);
        }
    }

    internal override IReadOnlyList<Parameter?> MinimalCandidates() =>
        _space is null
            ? [null]
            : [.. Candidates.Product([.. _layers.Where(l => l.Layer.Option is not null).Select(l => (l.Key, l.Layer.MinimalCandidates()))])];

    internal override string Summarize(Parameter? parameter) =>
        "(" + SummarizeLayers(parameter, ", ") + ")";

    internal string SummarizeLayers(Parameter? parameter, string separator) =>
        string.Join(separator, _layers.Select(l => l.Layer.Summarize(l.Layer.Option is null ? null : parameter![l.Key])));

    private protected override LayerTemplate Rename(string name) => new SequenceTemplate(name, _layers);

    private static IEnumerable<(string, LayerTemplate)> NumberLayers(IEnumerable<LayerTemplate> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return layers.Select((layer, index) =>
            ("layer" + (index + 1).ToString(CultureInfo.InvariantCulture), layer ?? throw new ArgumentException("A sequence cannot hold a null layer.", nameof(layers))));
    }
}
