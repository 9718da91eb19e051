using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using Microsoft.ML.Nas.Trainers.Costs;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// A NAS-Bench-201 cell (<see cref="NasBench201Cell"/>): 4 nodes, 6 edges in the order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2,
/// each one of the five <see cref="NasBench201Operation"/>s; the output has the input's shape.
/// </summary>
/// <remarks>
/// <para>
/// Parameters k²·c² + 2·c per convolution edge; MACs k²·c²·h·w per convolution edge (pooling, skip and none count 0).
/// </para>
/// <para>
/// Peak memory, with E = c·h·w: each node's sum is one tensor of E allocated when the node starts (all-none nodes
/// included: they are zeros); a convolution edge writes its pre-activation ReLU as a new tensor unless it is its
/// source's last reader, then its convolution output, which is added into the node's sum in place; a pooling edge
/// writes its output and adds it; a skip edge adds its source directly; a node is freed after its last reader.
/// </para>
/// <para>
/// Latency: <see cref="NetworkNode.LatencyKey"/> names the whole cell (one of 15,625 per resolution), but a
/// <see cref="LatencyLookupTable"/> prices the cell by its operations (<see cref="LatencyTerm.Of"/>), replaying the
/// forward pass of <see cref="NasBench201Cell"/>: one <c>nas_bench_201_edge|in=CxHxW|op=...</c> term per convolution or
/// pooling edge, one <c>tensor_add</c> per addition into a node's sum (a node with k non-none edges needs k − 1), one
/// <c>tensor_zero_fill</c> per node without any non-none edge, and one <c>tensor_clone</c> when node 3's only input is a
/// skip edge (its value is then an alias of another node, which the cell copies). Skip and none edges cost nothing of
/// their own.
/// </para>
/// </remarks>
public sealed class NasBench201CellNode : NetworkNode, ILatencyTermSource
{
    /// <summary>The JSON type name: <c>nas_bench_201_cell</c>.</summary>
    public const string TypeName = "nas_bench_201_cell";

    /// <summary>The latency term type of one edge operation.</summary>
    private const string EdgeTermType = "nas_bench_201_edge";

    private static readonly (int Target, int Source)[] s_edges = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    private readonly NasBench201Operation[] _edges;
    private IReadOnlyList<LatencyTerm>? _latencyTerms;

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape (the cell keeps it).</param>
    /// <param name="edges">The six edge operations in the order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2.</param>
    /// <exception cref="ArgumentException">The input is not an image, or there are not six operations.</exception>
    [JsonConstructor]
    public NasBench201CellNode(InputShape input, IReadOnlyList<NasBench201Operation> edges)
        : base(RequireImage(input, TypeName), input)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count != 6)
        {
            throw new ArgumentException($"{TypeName}: a cell has 6 edges (1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2); found {edges.Count}.", nameof(edges));
        }

        _edges = [.. edges];
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the six edge operations in the order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2.</summary>
    public IReadOnlyList<NasBench201Operation> Edges => _edges;

    /// <summary>
    /// Gets the cell as NAS-Bench-201 writes it, for example
    /// <c>|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|</c>.
    /// </summary>
    [JsonIgnore]
    public string ArchitectureString => FormatArchitecture(_edges);

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new NasBench201Cell(Input.Channels, _edges);

    /// <inheritdoc/>
    IReadOnlyList<LatencyTerm> ILatencyTermSource.LatencyTerms => _latencyTerms ??= MakeLatencyTerms();

    /// <summary>Formats six edge operations as a NAS-Bench-201 architecture string.</summary>
    internal static string FormatArchitecture(IReadOnlyList<NasBench201Operation> edges)
    {
        string Edge(int index) => $"{NasBench201Operations.Name(edges[index])}~{s_edges[index].Source}";
        return $"|{Edge(0)}|+|{Edge(1)}|{Edge(2)}|+|{Edge(3)}|{Edge(4)}|{Edge(5)}|";
    }

    /// <inheritdoc/>
    private protected override long CountParameters()
    {
        long channels = Input.Channels;
        return _edges.Where(edge => KernelOf(edge) > 0).Sum(edge => (KernelOf(edge) * KernelOf(edge) * channels * channels) + (2 * channels));
    }

    /// <inheritdoc/>
    private protected override long CountMacs()
    {
        long channels = Input.Channels;
        return _edges.Sum(edge => (long)KernelOf(edge) * KernelOf(edge) * channels * channels * Area(Input));
    }

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        long size = Input.ElementCount;
        var lastReader = new[] { -1, -1, -1 };
        for (int edge = 0; edge < _edges.Length; edge++)
        {
            if (_edges[edge] != NasBench201Operation.None)
            {
                lastReader[s_edges[edge].Source] = edge;
            }
        }

        if (lastReader[0] < 0)
        {
            trace.Free(size);
        }

        int index = 0;
        for (int target = 1; target <= 3; target++)
        {
            trace.Allocate(size);
            for (int source = 0; source < target; source++, index++)
            {
                bool lastRead = lastReader[source] == index;
                switch (_edges[index])
                {
                    case NasBench201Operation.Conv1x1 or NasBench201Operation.Conv3x3:
                        if (lastRead)
                        {
                            // The ReLU runs in place on its source, which nobody reads afterwards.
                            trace.Allocate(size);
                            trace.Free(size);
                            lastRead = false;
                        }
                        else
                        {
                            trace.Allocate(size);
                            trace.Allocate(size);
                            trace.Free(size);
                        }

                        trace.Free(size);
                        break;
                    case NasBench201Operation.AvgPool3x3:
                        trace.Allocate(size);
                        trace.Free(size);
                        break;
                    default:
                        break;
                }

                if (lastRead)
                {
                    trace.Free(size);
                }
            }

            if (target < 3 && lastReader[target] < 0)
            {
                trace.Free(size);
            }
        }
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() =>
        [("edges", string.Join(",", _edges.Select(NasBench201Operations.Name)))];

    /// <summary>Replays <see cref="NasBench201Cell.forward"/>: which operations run, and which sums and copies join them.</summary>
    private LatencyTerm[] MakeLatencyTerms()
    {
        var terms = new List<LatencyTerm>();
        var shape = Input;
        int channels = shape.Channels;
        bool outputOwned = true;
        int edge = 0;
        for (int target = 1; target <= 3; target++)
        {
            int inputs = 0;
            bool sumOwned = false;
            for (int source = 0; source < target; source++, edge++)
            {
                var operation = _edges[edge];
                if (operation == NasBench201Operation.None)
                {
                    continue;
                }

                if (operation != NasBench201Operation.SkipConnect)
                {
                    terms.Add(LatencyTerm.Create(
                        EdgeTermType, shape, () => BuildEdge(operation, channels), ("op", NasBench201Operations.Name(operation))));
                }

                inputs++;
                if (inputs == 1)
                {
                    // The first input becomes the sum; a skip edge's is its source itself, which the cell does not own.
                    sumOwned = operation != NasBench201Operation.SkipConnect;
                }
                else
                {
                    terms.Add(TensorOperationTerms.Add(shape));
                    sumOwned = true;
                }
            }

            if (inputs == 0)
            {
                terms.Add(TensorOperationTerms.ZeroFill(shape));
                sumOwned = true;
            }

            outputOwned = sumOwned;
        }

        if (!outputOwned)
        {
            terms.Add(TensorOperationTerms.Clone(shape));
        }

        return [.. terms];
    }

    /// <summary>One edge's module, as <see cref="NasBench201Cell"/> builds it.</summary>
    private static nn.Module<Tensor, Tensor> BuildEdge(NasBench201Operation operation, int channels) => operation switch
    {
        NasBench201Operation.Conv1x1 or NasBench201Operation.Conv3x3 or NasBench201Operation.AvgPool3x3 =>
            NasBench201Cell.CreateEdge(operation, channels),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Only convolution and pooling edges are timed on their own."),
    };

    private static int KernelOf(NasBench201Operation operation) => operation switch
    {
        NasBench201Operation.Conv1x1 => 1,
        NasBench201Operation.Conv3x3 => 3,
        _ => 0,
    };
}
