using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// A concrete network as a torch-free, immutable, JSON-serializable list of typed nodes (see <see cref="NetworkNode"/>),
/// run one after the other: what an <see cref="IArchitectureSpace"/> makes of a <see cref="SearchSpaces.Parameter"/>.
/// It knows its exact parameter count, MACs and peak activation memory before anything is built, and builds its
/// <see cref="NetworkModule"/>.
/// </summary>
/// <remarks>
/// JSON: <c>{"input":[1,28,28],"nodes":[{"type":"conv_bn_act","input":[1,28,28],"outChannels":16,...},...]}</c>. Only
/// settings are stored; output shapes and costs are recomputed on reading, and reading checks that every node's input
/// is the previous node's output. A user module (<see cref="ModuleNode"/>) also stores its traced output and costs,
/// since its code is not in the JSON: read such a description with its factories
/// (<see cref="FromJson(string, IReadOnlyDictionary{string, ModuleFactory})"/>) to build it.
/// </remarks>
public sealed class NetworkDescription
{
    private static readonly JsonSerializerOptions s_compact = CreateOptions(indented: false);
    private static readonly JsonSerializerOptions s_indented = CreateOptions(indented: true);

    /// <summary>Initializes a new instance of the <see cref="NetworkDescription"/> class.</summary>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="nodes">The nodes in order, at least one; each node's input must be the previous node's output (the first's, <paramref name="input"/>).</param>
    /// <exception cref="ArgumentNullException">An argument or a node is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no nodes, or a node's input does not match; the message names the node and both shapes.</exception>
    [JsonConstructor]
    public NetworkDescription(InputShape input, IReadOnlyList<NetworkNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            throw new ArgumentException("A network description needs at least one node.", nameof(nodes));
        }

        var shape = input;
        for (int index = 0; index < nodes.Count; index++)
        {
            var node = nodes[index] ?? throw new ArgumentNullException(nameof(nodes), $"Node {index} is null.");
            if (!node.Input.Equals(shape))
            {
                throw new ArgumentException(
                    $"Node {index} ({node.NodeType}) expects the input {node.Input}, but {(index == 0 ? "the network's input" : "the previous node's output")} is {shape}.",
                    nameof(nodes));
            }

            shape = node.Output;
        }

        Input = input;
        Nodes = [.. nodes];
        Output = shape;
    }

    /// <summary>Gets the per-sample input shape.</summary>
    public InputShape Input { get; }

    /// <summary>Gets the nodes in order.</summary>
    public IReadOnlyList<NetworkNode> Nodes { get; }

    /// <summary>Gets the per-sample output shape (the last node's).</summary>
    [JsonIgnore]
    public InputShape Output { get; }

    /// <summary>Gets the exact number of trainable parameters (the sum over the nodes).</summary>
    [JsonIgnore]
    public long Parameters => Nodes.Sum(node => node.Parameters);

    /// <summary>Gets the multiply-accumulates of one batch-1 inference (the sum over the nodes).</summary>
    [JsonIgnore]
    public long Macs => Nodes.Sum(node => node.Macs);

    /// <summary>
    /// Gets the peak activation memory in bytes of one batch-1 float32 inference: the largest node peak, because only
    /// one tensor passes between consecutive nodes (see <see cref="NetworkNode"/> for the accounting rules).
    /// </summary>
    [JsonIgnore]
    public long PeakMemoryBytes => Nodes.Max(node => node.PeakMemoryBytes);

    /// <summary>Reads a description written by <see cref="ToJson(bool)"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The text is not a valid description (unknown node type, bad setting, shapes that do not chain); the message says which.</exception>
    public static NetworkDescription FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<NetworkDescription>(json, s_compact)
                ?? throw new JsonException("The JSON text is null, not a network description.");
        }
        catch (ArgumentException exception)
        {
            throw new JsonException($"Invalid network description: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Reads a description written by <see cref="ToJson(bool)"/> whose nodes may include user modules
    /// (<see cref="ModuleNode"/>), attaching each one's factory by name so that the description can be built.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="moduleFactories">The factories of the user modules, keyed by <see cref="ModuleNode.Name"/>; entries for modules the description does not use are ignored.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">
    /// The text is not a valid description, a user module has no factory in <paramref name="moduleFactories"/>, or a
    /// factory builds a module other than the recorded one (output shape or parameter count); the message names the module.
    /// </exception>
    public static NetworkDescription FromJson(string json, IReadOnlyDictionary<string, ModuleFactory> moduleFactories)
    {
        ArgumentNullException.ThrowIfNull(moduleFactories);
        var description = FromJson(json);
        if (!description.Nodes.Any(node => node is ModuleNode))
        {
            return description;
        }

        var nodes = new List<NetworkNode>(description.Nodes.Count);
        foreach (var node in description.Nodes)
        {
            if (node is not ModuleNode module)
            {
                nodes.Add(node);
                continue;
            }

            if (!moduleFactories.TryGetValue(module.Name, out var factory) || factory is null)
            {
                throw new JsonException(
                    $"The description uses the user module '{module.Name}', but the factories given are for {(moduleFactories.Count == 0 ? "no module" : string.Join(", ", moduleFactories.Keys.Select(k => $"'{k}'")))}; add its factory under the key '{module.Name}'.");
            }

            try
            {
                nodes.Add(module.WithFactory(factory));
            }
            catch (ArgumentException exception)
            {
                throw new JsonException($"Invalid network description: {ParameterReader.MessageOf(exception)}", exception);
            }
        }

        return new NetworkDescription(description.Input, nodes);
    }

    /// <summary>Writes the description as JSON (settings only; see remarks).</summary>
    /// <param name="indented">Whether to indent the output for reading; <see langword="false"/> by default.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = false) => JsonSerializer.Serialize(this, indented ? s_indented : s_compact);

    /// <summary>Builds the network, freshly initialised.</summary>
    /// <returns>A new module that the caller owns and disposes; it maps [N, ...Input] to [N, ...Output].</returns>
    public NetworkModule Build() => new(this);

    /// <summary>Returns the compact JSON form.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson();

    private static JsonSerializerOptions CreateOptions(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = indented,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };
}
