using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// A NAS-Bench-201 cell: a densely connected DAG of 4 nodes where node 0 is the input and node j (1..3) is the sum
/// of one operation per earlier node; the output is node 3. The six edges, in the benchmark's order
/// (1←0, 2←0, 2←1, 3←0, 3←1, 3←2), are the children <c>edges.0</c> … <c>edges.5</c>: <see cref="ReluConvBn"/> for
/// convolutions (<c>edges.i.conv.weight</c>, <c>edges.i.bn.*</c>), parameter-free modules otherwise.
/// </summary>
/// <remarks>
/// X. Dong, Y. Yang, "NAS-Bench-201: Extending the Scope of Reproducible Neural Architecture Search", ICLR 2020,
/// https://arxiv.org/abs/2001.00326. n₁ = o₁₀(n₀), n₂ = o₂₀(n₀) + o₂₁(n₁), n₃ = o₃₀(n₀) + o₃₁(n₁) + o₃₂(n₂); a node with
/// only <c>none</c> edges is zero.
/// </remarks>
public sealed partial class NasBench201Cell : ExplicitModule
{
    private readonly NasBench201Operation[] _operations;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _edges;

    /// <summary>Initializes the cell.</summary>
    /// <param name="channels">The channels of every node.</param>
    /// <param name="operations">The six edge operations in the order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2.</param>
    /// <exception cref="ArgumentException">Not six operations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is below 1.</exception>
    public NasBench201Cell(int channels, IReadOnlyList<NasBench201Operation> operations)
        : base(nameof(NasBench201Cell))
    {
        ArgumentNullException.ThrowIfNull(operations);
        BlockArguments.RequirePositive(channels, nameof(channels));
        if (operations.Count != 6)
        {
            throw new ArgumentException($"A NAS-Bench-201 cell has 6 edges; found {operations.Count} operations.", nameof(operations));
        }

        _operations = [.. operations];
        _edges = nn.ModuleList<nn.Module<Tensor, Tensor>>([.. _operations.Select(operation => CreateEdge(operation, channels))]);
        register_module("edges", _edges);
    }

    /// <summary>Gets the edge operations in the order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2.</summary>
    public IReadOnlyList<NasBench201Operation> Operations => _operations;

    /// <summary>
    /// Gets the six edge modules (registered as <c>edges</c>, children <c>0</c> … <c>5</c>): a <see cref="ReluConvBn"/>
    /// for a convolution, an <see cref="AvgPool2d"/> (3×3, stride 1, padding 1, padding not counted) for the pooling, and
    /// an <see cref="Identity"/> for <c>skip_connect</c> and for <c>none</c> (which the forward pass skips).
    /// </summary>
    internal ModuleList<nn.Module<Tensor, Tensor>> Edges => _edges;

    /// <summary>Creates one edge's module, as the cell registers it.</summary>
    /// <param name="operation">The edge operation.</param>
    /// <param name="channels">The channels of the cell.</param>
    /// <returns>A new module the caller owns.</returns>
    internal static nn.Module<Tensor, Tensor> CreateEdge(NasBench201Operation operation, int channels) => operation switch
    {
        NasBench201Operation.Conv1x1 => new ReluConvBn(channels, channels, 1, 1),
        NasBench201Operation.Conv3x3 => new ReluConvBn(channels, channels, 3, 1),
        NasBench201Operation.AvgPool3x3 => nn.AvgPool2d(3, 1, 1, count_include_pad: false),
        _ => nn.Identity(),
    };

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var nodes = new List<(Tensor Value, bool Owned)>(4) { (input, false) };
        try
        {
            int edge = 0;
            for (int target = 1; target <= 3; target++)
            {
                Tensor? sum = null;
                bool sumOwned = false;
                for (int source = 0; source < target; source++, edge++)
                {
                    var operation = _operations[edge];
                    if (operation == NasBench201Operation.None)
                    {
                        continue;
                    }

                    var value = nodes[source].Value;
                    bool owned = operation != NasBench201Operation.SkipConnect;
                    var contribution = owned ? _edges[edge].call(value) : value;
                    if (sum is null)
                    {
                        (sum, sumOwned) = (contribution, owned);
                        continue;
                    }

                    var next = sum.add(contribution);
                    if (sumOwned)
                    {
                        sum.Dispose();
                    }

                    if (owned)
                    {
                        contribution.Dispose();
                    }

                    (sum, sumOwned) = (next, true);
                }

                nodes.Add(sum is null ? (input.mul(0.0), true) : (sum, sumOwned));
            }

            var (output, outputOwned) = nodes[3];
            if (!outputOwned)
            {
                return output.clone();
            }

            nodes[3] = (output, false);
            return output;
        }
        finally
        {
            foreach (var (value, owned) in nodes)
            {
                if (owned)
                {
                    value.Dispose();
                }
            }
        }
    }
}
