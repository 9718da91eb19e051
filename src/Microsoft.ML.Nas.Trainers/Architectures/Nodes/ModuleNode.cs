using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// A user-written TorchSharp module as a node: a name, the settings it is built with, and a
/// <see cref="ModuleFactory"/> that builds it. NasML learns its output shape and costs by tracing one throwaway
/// instance (see remarks).
/// </summary>
/// <remarks>
/// <para>
/// <b>Tracing.</b> The constructor builds the module once, counts its parameters (<c>parameters().Sum(numel)</c>,
/// frozen ones included), and runs a batch of one zero sample through it in eval mode under <c>no_grad</c>; the result
/// gives the output shape (<c>[N, features]</c> or <c>[N, channels, height, width]</c>). The instance is disposed and
/// the global random state restored, so tracing changes nothing a search draws.
/// </para>
/// <para>
/// <b>MACs</b>: what the module declares when it implements <see cref="IMacCounter"/>; otherwise the sum over the
/// convolutions (<c>Conv1d/2d/3d</c>: output elements × input channels per group × kernel size; transposed: input
/// elements × output channels per group × kernel size) and linear layers (output elements × input features) that ran
/// during the trace, seen through TorchSharp forward hooks. Hooks run only when a layer is called with
/// <c>call(x)</c> (or <c>layer.forward</c> is reached through <c>call</c>): a layer whose <c>forward</c> you call directly,
/// and every other operation (matmul, attention, pooling, normalisation, activations, element-wise arithmetic), counts 0.
/// </para>
/// <para>
/// <b>Peak memory</b>: the input plus the output, a lower bound (the module's intermediate tensors are not seen).
/// <b>Latency key</b>: <c>module|in=CxHxW|name=NAME|settings=JSON</c>, so lookup tables and measured-latency memos
/// work as for bundled nodes.
/// </para>
/// <para>
/// <b>JSON</b>: <c>{"type":"module","input":[1,28,28],"name":"my_block","settings":{"width":8},"output":[8,28,28],"parameters":80,"macs":56448}</c>.
/// The traced values are written too, so that a description read without the factory still chains and reports its
/// costs; building it then fails and names the module. <see cref="WithFactory"/> (and the factory-taking
/// <see cref="NetworkDescription.FromJson(string, IReadOnlyDictionary{string, ModuleFactory})"/>) re-attaches the factory and checks
/// that it still builds the recorded module.
/// </para>
/// </remarks>
public sealed class ModuleNode : NetworkNode
{
    /// <summary>The JSON type name: <c>module</c>.</summary>
    public const string TypeName = "module";

    private readonly Parameter _settings;
    private readonly long _parameters;
    private readonly long _macs;

    /// <summary>Initializes the node and traces its module (see remarks).</summary>
    /// <param name="name">The module's name: the key of its factory when a description is read back; not empty.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="settings">The settings passed to the factory (an object parameter; empty when <see langword="null"/>).</param>
    /// <param name="factory">Builds the module.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The name is empty, or the module cannot be built or run on the input, or returns a shape that is not <c>[N, features]</c> or <c>[N, c, h, w]</c>; the message names the module.</exception>
    public ModuleNode(string name, InputShape input, Parameter? settings, ModuleFactory factory)
        : this(name, input, settings ?? Parameter.CreateObject(), factory, trace: null)
    {
    }

    /// <summary>Initializes a node read from JSON: no factory, the traced values as written.</summary>
    [JsonConstructor]
    internal ModuleNode(InputShape input, string name, Parameter settings, InputShape output, long parameters, long macs)
        : base(input ?? throw new ArgumentNullException(nameof(input)), output ?? throw new ArgumentNullException(nameof(output)))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(macs);
        Name = name;
        _settings = settings.Clone();
        _parameters = parameters;
        _macs = macs;
    }

    /// <summary>Initializes a node from a trace that a template already made for the same name, settings and input.</summary>
    internal ModuleNode(string name, InputShape input, Parameter settings, ModuleFactory factory, ModuleTrace? trace)
        : this(input, name, settings, Traced(name, input, settings, factory, trace))
    {
        Factory = factory;
    }

    private ModuleNode(InputShape input, string name, Parameter settings, ModuleTrace trace)
        : this(input, name, settings, trace.Output, trace.Parameters, trace.Macs)
    {
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the module's name (the key of its factory).</summary>
    public string Name { get; }

    /// <summary>Gets a copy of the settings the module is built with.</summary>
    [JsonConverter(typeof(ParameterJsonConverter))]
    public Parameter Settings => _settings.Clone();

    /// <summary>Gets the per-sample output shape (traced, or as read from JSON).</summary>
    [JsonPropertyName("output")]
    public new InputShape Output => base.Output;

    /// <summary>Gets the parameter count (traced, or as read from JSON).</summary>
    [JsonPropertyName("parameters")]
    public new long Parameters => base.Parameters;

    /// <summary>Gets the MACs of one batch-1 inference (declared or traced, or as read from JSON; see remarks).</summary>
    [JsonPropertyName("macs")]
    public new long Macs => base.Macs;

    /// <summary>Gets the factory, or <see langword="null"/> for a node read from JSON without one (<see cref="Build"/> then throws).</summary>
    [JsonIgnore]
    public ModuleFactory? Factory { get; }

    /// <summary>Returns the node with a factory attached, checking that the factory builds the recorded module.</summary>
    /// <param name="factory">The factory.</param>
    /// <returns>A node that can be built.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The factory's module cannot run, or its output shape or parameter count differs from the recorded one; the message names the module and both values.</exception>
    public ModuleNode WithFactory(ModuleFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var trace = ModuleTrace.Of(Name, Input, _settings, factory);
        if (!trace.Output.Equals(Output) || trace.Parameters != _parameters)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The factory given for the user module '{Name}' (settings {_settings.ToJson()}) builds a module with output {trace.Output} and {trace.Parameters} parameters for the input {Input}, but the description records {Output} and {_parameters}; pass the factory the description was made with."),
                nameof(factory));
        }

        return new ModuleNode(Name, Input, _settings, factory, trace with { Macs = _macs });
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The node was read from JSON without its factory, or the factory returned <see langword="null"/>.</exception>
    public override nn.Module<Tensor, Tensor> Build()
    {
        if (Factory is null)
        {
            throw new InvalidOperationException(
                $"The description uses the user module '{Name}' (settings {_settings.ToJson()}), whose code JSON cannot hold; pass its factory: " +
                $"NetworkDescription.FromJson(json, new Dictionary<string, ModuleFactory> {{ [\"{Name}\"] = (input, settings) => new YourModule(...) }}), " +
                $"or the same dictionary to NasModel.Load(path, moduleFactories).");
        }

        return Factory(Input, _settings.Clone())
            ?? throw new InvalidOperationException($"The factory of the user module '{Name}' returned null.");
    }

    /// <inheritdoc/>
    private protected override long CountParameters() => _parameters;

    /// <inheritdoc/>
    private protected override long CountMacs() => _macs;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        trace.Allocate(Output.ElementCount);
        trace.Free(Input.ElementCount);
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [("name", Name), ("settings", _settings.ToJson())];

    private static ModuleTrace Traced(string name, InputShape input, Parameter settings, ModuleFactory factory, ModuleTrace? trace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(factory);
        return trace ?? ModuleTrace.Of(name, input, settings, factory);
    }
}
