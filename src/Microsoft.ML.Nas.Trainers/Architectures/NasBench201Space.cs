using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The NAS-Bench-201 cell space: one 4-node cell whose 6 edges each choose an operation (none, skip, ReLU-Conv1×1-BN,
/// ReLU-Conv3×3-BN, 3×3 average pooling), stacked N times in each of 3 stages with residual reduction blocks between
/// them, after a 3×3 convolution stem and before batch norm + ReLU, global pooling and a linear classifier.
/// </summary>
/// <remarks>
/// <para>
/// X. Dong, Y. Yang, "NAS-Bench-201: Extending the Scope of Reproducible Neural Architecture Search", ICLR 2020,
/// https://arxiv.org/abs/2001.00326. Network: stem Conv3×3(C)+BN → N cells (C) → reduction (2C, stride 2) → N cells
/// (2C) → reduction (4C, stride 2) → N cells (4C) → BN+ReLU → global average pooling → linear. Every cell of the
/// network is the same cell; 5⁶ = 15,625 cells exist.
/// </para>
/// <para>
/// Parameter: one key per edge, named as the benchmark names the edges:
/// <c>{"1&lt;-0":"nor_conv_3x3","2&lt;-0":"nor_conv_3x3","2&lt;-1":"avg_pool_3x3","3&lt;-0":"skip_connect","3&lt;-1":"nor_conv_3x3","3&lt;-2":"skip_connect"}</c>;
/// the summary is the benchmark's architecture string
/// (<c>|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|</c>), so results
/// can be looked up in the benchmark.
/// </para>
/// </remarks>
public sealed class NasBench201Space : ArchitectureSpace
{
    /// <summary>Gets the parameter keys of the six edges, in the benchmark's order: 1&lt;-0, 2&lt;-0, 2&lt;-1, 3&lt;-0, 3&lt;-1, 3&lt;-2.</summary>
    public static IReadOnlyList<string> EdgeKeys { get; } = ["1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2"];

    private static readonly NasBench201Operation[] s_costOrder =
    [
        NasBench201Operation.None,
        NasBench201Operation.SkipConnect,
        NasBench201Operation.AvgPool3x3,
        NasBench201Operation.Conv1x1,
        NasBench201Operation.Conv3x3,
    ];

    private readonly NasBench201SpaceOptions _options;
    private readonly SearchSpace _searchSpace;

    /// <summary>Initializes a new instance of the <see cref="NasBench201Space"/> class.</summary>
    /// <param name="options">The settings; the benchmark's when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A setting is out of range or the operations are empty or repeated; the message names it.</exception>
    public NasBench201Space(NasBench201SpaceOptions? options = null)
        : base("nas-bench-201")
    {
        _options = options ?? new NasBench201SpaceOptions();
        const string Prefix = nameof(NasBench201SpaceOptions) + ".";
        if (_options.Channels < 1 || _options.CellsPerStage < 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Prefix}Channels must be at least 1 and CellsPerStage at least 0; found {_options.Channels} and {_options.CellsPerStage}."),
                nameof(options));
        }

        ParameterReader.RequireChoices(_options.Operations, Prefix + nameof(_options.Operations), o => Enum.IsDefined(o), "use a NasBench201Operation member");
        _searchSpace = [];
        foreach (string key in EdgeKeys)
        {
            _searchSpace[key] = new ChoiceOption([.. _options.Operations.Select(NasBench201Operations.Name)]);
        }
    }

    /// <summary>Gets the settings.</summary>
    public NasBench201SpaceOptions Options => _options;

    /// <inheritdoc/>
    public override SearchSpace SearchSpace => _searchSpace;

    /// <summary>Reads the six edge operations of a parameter of this space.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The operations in the order 1←0, 2←0, 2←1, 3←0, 3←1, 3←2.</returns>
    /// <exception cref="ArgumentException">The parameter is not in the space.</exception>
    public IReadOnlyList<NasBench201Operation> ReadCell(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        _ = Summarize(parameter);
        return ReadEdges(parameter);
    }

    /// <summary>Makes the parameter of a cell given as a NAS-Bench-201 architecture string.</summary>
    /// <param name="architecture">For example <c>|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|</c>.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException">The string is not a NAS-Bench-201 cell, or uses an operation outside this space.</exception>
    public Parameter ParseArchitecture(string architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var nodes = architecture.Split('+');
        var parameter = Parameter.CreateObject();
        int index = 0;
        for (int target = 1; target <= 3 && nodes.Length == 3; target++)
        {
            var edges = nodes[target - 1].Trim('|').Split('|');
            if (edges.Length != target)
            {
                break;
            }

            for (int source = 0; source < target; source++, index++)
            {
                var parts = edges[source].Split('~');
                if (parts.Length != 2 || parts[1] != source.ToString(CultureInfo.InvariantCulture))
                {
                    throw new ArgumentException($"'{architecture}': edge '{edges[source]}' should read 'operation~{source}'.", nameof(architecture));
                }

                parameter[EdgeKeys[index]] = Parameter.FromString(parts[0]);
            }
        }

        if (index != 6)
        {
            throw new ArgumentException(
                $"'{architecture}' is not a NAS-Bench-201 architecture string like |op~0|+|op~0|op~1|+|op~0|op~1|op~2|.", nameof(architecture));
        }

        _ = Summarize(parameter);
        return parameter;
    }

    /// <inheritdoc/>
    public override void ValidateInput(InputShape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.IsImage || input.Height < 3 || input.Width < 3)
        {
            throw InputMismatch("an image [channels, height, width] of at least 3×3 (two stride-2 reductions)", input);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Every cost grows along none ≤ skip ≤ average pooling ≤ 1×1 convolution ≤ 3×3 convolution on every edge, so the
    /// single candidate puts the cheapest available operation on every edge.
    /// </remarks>
    public override IReadOnlyList<Parameter> MinimalCandidates()
    {
        var cheapest = s_costOrder.First(_options.Operations.Contains);
        var parameter = Parameter.CreateObject();
        foreach (string key in EdgeKeys)
        {
            parameter[key] = Parameter.FromString(NasBench201Operations.Name(cheapest));
        }

        return [parameter];
    }

    /// <inheritdoc/>
    protected override NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs)
    {
        var edges = ReadEdges(parameter);
        var nodes = new List<NetworkNode> { new ConvBnActNode(input, _options.Channels, 3, 1, 1, Activation.None) };
        for (int stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                nodes.Add(new NasBench201ReductionNode(nodes[^1].Output, _options.Channels << stage));
            }

            for (int cell = 0; cell < _options.CellsPerStage; cell++)
            {
                nodes.Add(new NasBench201CellNode(nodes[^1].Output, edges));
            }
        }

        nodes.Add(new BatchNormActNode(nodes[^1].Output, Activation.ReLU));
        nodes.Add(new ClassifierNode(nodes[^1].Output, outputs));
        return new NetworkDescription(input, nodes);
    }

    /// <inheritdoc/>
    protected override string SummarizeCore(Parameter parameter) =>
        "NAS-Bench-201 " + NasBench201CellNode.FormatArchitecture(ReadEdges(parameter));

    private static NasBench201Operation[] ReadEdges(Parameter parameter) =>
        [.. EdgeKeys.Select(key => NasBench201Operations.Parse(ParameterReader.String(parameter, key), key))];
}
