using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>A layer template repeated a searched number of times; the first repetition keeps the template's stride.</summary>
internal sealed class RepeatTemplate : LayerTemplate
{
    private readonly int[] _depths;
    private readonly LayerTemplate _layer;
    private readonly bool _shareDecisions;
    private readonly SearchSpace? _space;

    public RepeatTemplate(string name, IEnumerable<int> depths, LayerTemplate layer, bool shareDecisions)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(depths);
        ArgumentNullException.ThrowIfNull(layer);
        _depths = [.. depths];
        ParameterReader.RequireChoices(_depths, nameof(depths), d => d >= 1, "a repetition count is at least 1");
        _layer = layer;
        _shareDecisions = shareDecisions;
        var space = new SearchSpace();
        if (_depths.Length > 1)
        {
            space["depth"] = ParameterReader.Choice(_depths);
        }

        if (layer.Option is { } option)
        {
            if (shareDecisions)
            {
                space["layer"] = option;
            }
            else
            {
                for (int index = 1; index <= _depths.Max(); index++)
                {
                    space[LayerKey(index)] = option;
                }
            }
        }

        _space = space.Count > 0 ? space : null;
    }

    internal override OptionBase? OptionCore => _space;

    internal override void Describe(Parameter? parameter, LayerContext context)
    {
        bool outerRepetition = context.IsRepetition;
        try
        {
            int depth = Depth(parameter);
            for (int index = 0; index < depth; index++)
            {
                context.IsRepetition = outerRepetition || index > 0;
                _layer.Describe(LayerParameter(parameter, index), context);
            }
        }
        finally
        {
            context.IsRepetition = outerRepetition;
        }
    }

    internal override IReadOnlyList<Parameter?> MinimalCandidates()
    {
        if (_space is null)
        {
            return [null];
        }

        int depth = _depths.Min();
        var inner = _layer.MinimalCandidates();
        var parts = new List<(string Key, IReadOnlyList<Parameter?> Candidates)>();
        if (_depths.Length > 1)
        {
            parts.Add(("depth", [Parameter.FromInt(depth)]));
        }

        if (_layer.Option is not null)
        {
            if (_shareDecisions)
            {
                parts.Add(("layer", inner));
            }
            else
            {
                for (int index = 1; index <= _depths.Max(); index++)
                {
                    parts.Add((LayerKey(index), index <= depth ? inner : [inner[0]]));
                }
            }
        }

        return [.. Candidates.Product(parts)];
    }

    internal override string Summarize(Parameter? parameter)
    {
        int depth = Depth(parameter);
        if (_shareDecisions || _layer.Option is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{depth}×{_layer.Summarize(LayerParameter(parameter, 0))}");
        }

        return "[" + string.Join(", ", Enumerable.Range(0, depth).Select(i => _layer.Summarize(LayerParameter(parameter, i)))) + "]";
    }

    private protected override LayerTemplate Rename(string name) => new RepeatTemplate(name, _depths, _layer, _shareDecisions);

    private static string LayerKey(int index) => "layer" + index.ToString(CultureInfo.InvariantCulture);

    private int Depth(Parameter? parameter) => _depths.Length > 1 ? ParameterReader.Int(parameter!, "depth") : _depths[0];

    private Parameter? LayerParameter(Parameter? parameter, int index) =>
        _layer.Option is null ? null : parameter![_shareDecisions ? "layer" : LayerKey(index + 1)];
}
