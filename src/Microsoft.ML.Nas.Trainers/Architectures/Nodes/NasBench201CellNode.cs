using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;

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
/// </remarks>
public sealed class NasBench201CellNode : NetworkNode
{
    /// <summary>The JSON type name: <c>nas_bench_201_cell</c>.</summary>
    public const string TypeName = "nas_bench_201_cell";

    private static readonly (int Target, int Source)[] s_edges = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    private readonly NasBench201Operation[] _edges;

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
    public override Module Build() => new NasBench201Cell(Input.Channels, _edges);

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

    private static int KernelOf(NasBench201Operation operation) => operation switch
    {
        NasBench201Operation.Conv1x1 => 1,
        NasBench201Operation.Conv3x3 => 3,
        _ => 0,
    };
}
