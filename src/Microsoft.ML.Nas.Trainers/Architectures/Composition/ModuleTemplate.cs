using System.Collections.Concurrent;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>
/// A user-written TorchSharp module as a layer of a <see cref="ComposedArchitectureSpace"/> (create it with
/// <see cref="Layers.Module(string, Func{InputShape, TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}})"/>):
/// each description gets a <see cref="ModuleNode"/> named <see cref="LayerTemplate.Name"/>.
/// </summary>
/// <remarks>
/// The module is traced once per input shape and setting value (see <see cref="ModuleNode"/>); the results are kept
/// by the template. Minimum costs (<see cref="IArchitectureSpace.MinimalCandidates"/>) try every value of a searched
/// setting, since NasML cannot tell which one is cheapest.
/// </remarks>
public sealed class ModuleTemplate : LayerTemplate
{
    private readonly string? _settingKey;
    private readonly Parameter[] _settingValues;
    private readonly Func<Parameter, string> _formatSetting;
    private readonly SearchSpace? _option;
    private readonly ConcurrentDictionary<string, ModuleTrace> _traces;

    internal ModuleTemplate(string name, string? settingKey, IEnumerable<Parameter> settingValues, Func<Parameter, string> formatSetting, ModuleFactory factory)
        : this(name, settingKey, [.. settingValues], formatSetting, factory, new ConcurrentDictionary<string, ModuleTrace>(StringComparer.Ordinal))
    {
    }

    private ModuleTemplate(
        string name, string? settingKey, Parameter[] settingValues, Func<Parameter, string> formatSetting, ModuleFactory factory, ConcurrentDictionary<string, ModuleTrace> traces)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _settingKey = settingKey;
        _settingValues = settingValues;
        _formatSetting = formatSetting;
        _option = settingKey is not null && settingValues.Length > 1 ? new SearchSpace { [settingKey] = new ChoiceOption(settingValues) } : null;
        _traces = traces;
        Factory = factory;
    }

    /// <summary>
    /// Gets the factory that the template's nodes use, which reads the setting from the node's settings: pass it under
    /// <see cref="LayerTemplate.Name"/> when reading a description or loading a model
    /// (<see cref="NasModel.Load(string, IReadOnlyDictionary{string, ModuleFactory})"/>).
    /// </summary>
    public ModuleFactory Factory { get; }

    /// <summary>Gets the factories to read back descriptions that use this template: <see cref="Factory"/> under <see cref="LayerTemplate.Name"/>.</summary>
    public IReadOnlyDictionary<string, ModuleFactory> Factories => new Dictionary<string, ModuleFactory>(StringComparer.Ordinal) { [Name] = Factory };

    internal override OptionBase? OptionCore => _option;

    internal override void Describe(Parameter? parameter, LayerContext context)
    {
        var settings = Parameter.CreateObject();
        if (_settingKey is not null)
        {
            settings[_settingKey] = (_option is null ? _settingValues[0] : parameter![_settingKey]).Clone();
        }

        var key = context.Shape.ToKey() + "|" + settings.ToJson();
        var trace = _traces.GetOrAdd(key, _ => ModuleTrace.Of(Name, context.Shape, settings, Factory));
        context.Add(new ModuleNode(Name, context.Shape, settings, Factory, trace));
    }

    internal override IReadOnlyList<Parameter?> MinimalCandidates() =>
        _option is null ? [null] : [.. _settingValues.Select(value => Parameter.FromObject([KeyValuePair.Create(_settingKey!, value.Clone())]))];

    internal override string Summarize(Parameter? parameter) =>
        _option is null || parameter is null ? Name : $"{Name}({_settingKey}={_formatSetting(parameter[_settingKey!])})";

    private protected override LayerTemplate Rename(string name) =>
        new ModuleTemplate(name, _settingKey, _settingValues, _formatSetting, Factory, new ConcurrentDictionary<string, ModuleTrace>(StringComparer.Ordinal));
}
