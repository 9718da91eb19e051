using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>A template for one node whose settings are <see cref="ValueChoice{T}"/>s.</summary>
internal sealed class NodeTemplate : LayerTemplate
{
    private readonly Setting[] _settings;
    private readonly Func<NodeSettings, LayerContext, NetworkNode> _create;
    private readonly SearchSpace? _space;

    public NodeTemplate(string name, IEnumerable<Setting> settings, Func<NodeSettings, LayerContext, NetworkNode> create)
        : base(name)
    {
        _settings = [.. settings];
        _create = create;
        var searched = _settings.Where(s => !s.IsFixed).ToList();
        if (searched.Count > 0)
        {
            _space = [];
            foreach (var setting in searched)
            {
                _space[setting.Key] = setting.CreateOption();
            }
        }
    }

    internal override OptionBase? OptionCore => _space;

    internal override void Describe(Parameter? parameter, LayerContext context) =>
        context.Add(_create(new NodeSettings(_settings, parameter), context));

    internal override IReadOnlyList<Parameter?> MinimalCandidates()
    {
        if (_space is null)
        {
            return [null];
        }

        var parameter = Parameter.CreateObject();
        foreach (var setting in _settings.Where(s => !s.IsFixed))
        {
            parameter[setting.Key] = setting.Cheapest();
        }

        return [parameter];
    }

    internal override string Summarize(Parameter? parameter)
    {
        var searched = _settings.Where(s => !s.IsFixed).ToList();
        return searched.Count == 0 || parameter is null
            ? Name
            : $"{Name}({string.Join(",", searched.Select(s => $"{s.Key}={s.Format(parameter[s.Key])}"))})";
    }

    private protected override LayerTemplate Rename(string name) => new NodeTemplate(name, _settings, _create);

    /// <summary>A named setting of a node template.</summary>
    internal abstract class Setting(string key)
    {
        public string Key { get; } = key;

        public abstract bool IsFixed { get; }

        public abstract OptionBase CreateOption();

        public abstract Parameter Cheapest();

        public abstract string Format(Parameter value);

        public abstract object Read(Parameter? parameter);
    }

    /// <summary>A setting backed by a <see cref="ValueChoice{T}"/>.</summary>
    internal sealed class Setting<T>(string key, ValueChoice<T> choice) : Setting(key)
        where T : notnull
    {
        public override bool IsFixed => choice.IsFixed;

        public override OptionBase CreateOption() => new ChoiceOption([.. choice.Values.Select(ValueCodec.ToParameter)]);

        public override Parameter Cheapest() => ValueCodec.ToParameter(ValueCodec.Cheapest(choice.Values));

        public override string Format(Parameter value) => ValueCodec.Format(ValueCodec.FromParameter<T>(value, Key));

        public override object Read(Parameter? parameter) =>
            IsFixed ? choice.Values[0] : ValueCodec.FromParameter<T>(parameter![Key], Key);
    }
}

/// <summary>The values of a node template's settings for one parameter.</summary>
internal sealed class NodeSettings(IReadOnlyList<NodeTemplate.Setting> settings, Parameter? parameter)
{
    public T Get<T>(string key) => (T)settings.First(s => s.Key == key).Read(parameter);
}
