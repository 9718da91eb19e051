using System.Globalization;
using System.Text;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// One entry of a <see cref="LatencyLookupTable"/>: an operation on a given input shape, with the key the table files
/// it under, that can be built and timed on its own. A node's latency is the sum of its terms' entries
/// (<see cref="Of(NetworkNode)"/>): for most nodes one term, the whole node keyed by <see cref="NetworkNode.LatencyKey"/>;
/// for a NAS-Bench-201 cell one term per edge operation plus the additions, zero fills and copies of its forward pass.
/// </summary>
/// <remarks>
/// Keys read <c>type|in=CxHxW|name=value|...</c> like <see cref="NetworkNode.LatencyKey"/>, for example
/// <c>nas_bench_201_edge|in=16x28x28|op=nor_conv_3x3</c> or <c>tensor_add|in=16x28x28</c>. Splitting a block into its
/// operations is what ProxylessNAS (Cai, Zhu and Han, 2019, https://arxiv.org/abs/1812.00332) does for its per-layer
/// candidate operations, <c>E[latency] = Σ_layers Σ_ops p(op)·F(op)</c>; for a NAS-Bench-201 cell it keeps the table
/// at a few entries per resolution instead of one per genotype (15,625 cells).
/// </remarks>
public sealed class LatencyTerm
{
    private readonly Func<nn.Module<Tensor, Tensor>> _build;

    private LatencyTerm(string key, InputShape input, Func<nn.Module<Tensor, Tensor>> build)
    {
        Key = key;
        Input = input;
        _build = build;
    }

    /// <summary>Gets the table key: type, input resolution and every setting that changes the work.</summary>
    public string Key { get; }

    /// <summary>Gets the per-sample shape the operation reads (the batch dimension is added when measuring).</summary>
    public InputShape Input { get; }

    /// <summary>Builds the operation as a module, freshly initialised, to be timed alone.</summary>
    /// <returns>A new module that the caller owns; it reads <c>[N, ...Input]</c>.</returns>
    public nn.Module<Tensor, Tensor> Build() => _build();

    /// <summary>Returns the key.</summary>
    /// <returns>The key.</returns>
    public override string ToString() => Key;

    /// <summary>Lists the terms whose entries add up to a node's latency, repeated terms once per occurrence.</summary>
    /// <param name="node">The node.</param>
    /// <returns>At least one term; for most nodes the node itself, keyed by its <see cref="NetworkNode.LatencyKey"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<LatencyTerm> Of(NetworkNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node is ILatencyTermSource composite ? composite.LatencyTerms : [new LatencyTerm(node.LatencyKey, node.Input, node.Build)];
    }

    /// <summary>Makes a term keyed <c>type|in=CxHxW|name=value|...</c>.</summary>
    internal static LatencyTerm Create(string type, InputShape input, Func<nn.Module<Tensor, Tensor>> build, params (string Name, object Value)[] settings)
    {
        var key = new StringBuilder(type).Append("|in=").Append(input.ToKey());
        foreach (var (name, value) in settings)
        {
            key.Append('|').Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        return new LatencyTerm(key.ToString(), input, build);
    }
}
