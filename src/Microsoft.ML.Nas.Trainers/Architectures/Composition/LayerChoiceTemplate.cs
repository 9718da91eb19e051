using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>A choice among layer templates (a conditional choice whose values are the candidates' names).</summary>
internal sealed class LayerChoiceTemplate : LayerTemplate
{
    private const string NestedKey = "layer";

    private readonly LayerTemplate[] _candidates;
    private readonly ChoiceOption _option;

    public LayerChoiceTemplate(string name, IEnumerable<LayerTemplate> candidates)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        _candidates = [.. candidates];
        if (_candidates.Length == 0 || _candidates.Any(c => c is null))
        {
            throw new ArgumentException("A layer choice needs at least one candidate and no null ones.", nameof(candidates));
        }

        var duplicate = _candidates.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException(
                $"Two candidates of the layer choice are named '{duplicate.Key}'; give them different names with WithName(...).", nameof(candidates));
        }

        _option = new ChoiceOption(_candidates.Select(c => new ChoiceValue(c.Name, SubSpaceOf(c))));
    }

    internal override OptionBase? OptionCore => _option;

    internal override void Describe(Parameter? parameter, LayerContext context)
    {
        var candidate = Chosen(parameter!);
        candidate.Describe(SubParameter(candidate, parameter!), context);
    }

    internal override IReadOnlyList<Parameter?> MinimalCandidates()
    {
        var results = new List<Parameter?>();
        foreach (var candidate in _candidates)
        {
            foreach (var sub in candidate.MinimalCandidates())
            {
                if (!_option.IsConditional)
                {
                    results.Add(Parameter.FromString(candidate.Name));
                    continue;
                }

                var parameter = Parameter.CreateObject();
                parameter[ChoiceOption.ValueKey] = Parameter.FromString(candidate.Name);
                if (sub is not null && candidate.Option is SearchSpace)
                {
                    foreach (string key in sub.Keys)
                    {
                        parameter[key] = sub[key].Clone();
                    }
                }
                else if (sub is not null)
                {
                    parameter[NestedKey] = sub.Clone();
                }

                results.Add(parameter);
            }
        }

        return results;
    }

    internal override string Summarize(Parameter? parameter)
    {
        var candidate = Chosen(parameter!);
        return candidate.Summarize(SubParameter(candidate, parameter!));
    }

    private protected override LayerTemplate Rename(string name) => new LayerChoiceTemplate(name, _candidates);

    private static SearchSpace? SubSpaceOf(LayerTemplate candidate) => candidate.Option switch
    {
        null => null,
        SearchSpace space => space,
        var option => new SearchSpace { [NestedKey] = option },
    };

    private static Parameter? SubParameter(LayerTemplate candidate, Parameter parameter) => candidate.Option switch
    {
        null => null,
        SearchSpace => Parameter.FromObject(parameter.Keys.Where(k => k != ChoiceOption.ValueKey).Select(k => KeyValuePair.Create(k, parameter[k]))),
        _ => parameter[NestedKey],
    };

    private LayerTemplate Chosen(Parameter parameter)
    {
        string name = ParameterReader.ChosenValue(parameter).AsType<string>();
        return _candidates.First(c => c.Name == name);
    }
}
