using System.Globalization;
using System.Text;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// A ResNet-style space: a convolutional stem, stages of residual blocks whose depth and width are searched per stage,
/// basic or bottleneck blocks for the whole network, global pooling and a linear classifier.
/// </summary>
/// <remarks>
/// <para>
/// K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
/// https://arxiv.org/abs/1512.03385 (the three-stage CIFAR variant is the default). The space follows the
/// depth-and-width design spaces of I. Radosavovic et al., "Designing Network Design Spaces", CVPR 2020,
/// https://arxiv.org/abs/2003.13678, restricted to residual blocks.
/// </para>
/// <para>
/// The mapping: stage i has dᵢ blocks of output width wᵢ, the first with the stage's stride (and a projection shortcut
/// when the stride or width changes), the others stride 1 with identity shortcuts. A bottleneck block's middle width is
/// max(1, wᵢ / <see cref="ResNetSpaceOptions.BottleneckRatio"/>), so at equal widths a bottleneck network is much
/// cheaper and narrower inside than a basic one: the choice trades capacity for cost.
/// </para>
/// <para>Parameter: <c>{"block":"basic","stage1":{"depth":2,"width":24},"stage2":{...},...}</c>.</para>
/// </remarks>
public sealed class ResNetSpace : ArchitectureSpace
{
    private readonly ResNetSpaceOptions _options;
    private readonly SearchSpace _searchSpace;

    /// <summary>Initializes a new instance of the <see cref="ResNetSpace"/> class.</summary>
    /// <param name="options">The ranges; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is empty, repeats a value or is out of range; the message names it.</exception>
    public ResNetSpace(ResNetSpaceOptions? options = null)
        : base("resnet")
    {
        _options = Validate(options ?? new ResNetSpaceOptions());
        _searchSpace = new SearchSpace { ["block"] = new ChoiceOption([.. _options.BlockKinds.Select(KindName)]) };
        for (int stage = 0; stage < _options.StageWidths.Count; stage++)
        {
            _searchSpace[StageKey(stage)] = new SearchSpace
            {
                ["depth"] = ParameterReader.Choice(_options.DepthChoices),
                ["width"] = ParameterReader.Choice(_options.StageWidths[stage]),
            };
        }
    }

    /// <summary>Gets the ranges.</summary>
    public ResNetSpaceOptions Options => _options;

    /// <inheritdoc/>
    public override SearchSpace SearchSpace => _searchSpace;

    /// <summary>Gets the total stride of the stride plan (the stem's times every stage's).</summary>
    public int TotalStride => _options.StageStrides.Aggregate(_options.StemStride, (product, stride) => product * stride);

    /// <inheritdoc/>
    public override void ValidateInput(InputShape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int total = TotalStride;
        if (!input.IsImage || input.Height < total || input.Width < total)
        {
            throw InputMismatch(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"an image [channels, height, width] of at least {total}×{total} (stride plan: stem {_options.StemStride}, stages {string.Join(", ", _options.StageStrides)}; total stride {total})"),
                input);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> MinimalCandidates() =>
        [.. _options.BlockKinds.Select(kind =>
        {
            var parameter = Parameter.CreateObject();
            parameter["block"] = Parameter.FromString(KindName(kind));
            for (int stage = 0; stage < _options.StageWidths.Count; stage++)
            {
                parameter[StageKey(stage)] = Parameter.CreateNestedParameter(
                    ("depth", Parameter.FromInt(_options.DepthChoices.Min())),
                    ("width", Parameter.FromInt(_options.StageWidths[stage].Min())));
            }

            return parameter;
        })];

    /// <inheritdoc/>
    protected override NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs)
    {
        bool bottleneck = ParameterReader.String(parameter, "block") == KindName(ResidualBlockKind.Bottleneck);
        var nodes = new List<NetworkNode> { new ConvBnActNode(input, _options.StemChannels, _options.StemKernel, _options.StemStride) };
        for (int stage = 0; stage < _options.StageWidths.Count; stage++)
        {
            var stageParameter = parameter[StageKey(stage)];
            int depth = ParameterReader.Int(stageParameter, "depth");
            int width = ParameterReader.Int(stageParameter, "width");
            for (int block = 0; block < depth; block++)
            {
                var shape = nodes[^1].Output;
                int stride = block == 0 ? _options.StageStrides[stage] : 1;
                nodes.Add(bottleneck
                    ? new BottleneckNode(shape, width, Math.Max(1, width / _options.BottleneckRatio), stride)
                    : new BasicBlockNode(shape, width, stride));
            }
        }

        nodes.Add(new ClassifierNode(nodes[^1].Output, outputs, _options.Dropout));
        return new NetworkDescription(input, nodes);
    }

    /// <inheritdoc/>
    protected override string SummarizeCore(Parameter parameter)
    {
        var builder = new StringBuilder("ResNet ").Append(ParameterReader.String(parameter, "block")).Append(':');
        for (int stage = 0; stage < _options.StageWidths.Count; stage++)
        {
            var stageParameter = parameter[StageKey(stage)];
            builder.Append(stage == 0 ? " " : " | ").Append(string.Create(
                CultureInfo.InvariantCulture,
                $"{ParameterReader.Int(stageParameter, "width")}×{ParameterReader.Int(stageParameter, "depth")}"));
        }

        return builder.ToString();
    }

    private static string StageKey(int stage) => "stage" + (stage + 1).ToString(CultureInfo.InvariantCulture);

    private static string KindName(ResidualBlockKind kind) => kind == ResidualBlockKind.Bottleneck ? "bottleneck" : "basic";

    private static ResNetSpaceOptions Validate(ResNetSpaceOptions options)
    {
        const string Prefix = nameof(ResNetSpaceOptions) + ".";
        if (options.StemChannels < 1 || options.StemStride < 1 || options.StemKernel < 1 || options.StemKernel % 2 == 0 || options.BottleneckRatio < 1)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Prefix}StemChannels, StemStride and BottleneckRatio must be at least 1 and StemKernel odd; found {options.StemChannels}, {options.StemStride}, {options.BottleneckRatio} and {options.StemKernel}."),
                nameof(options));
        }

        if (!(options.Dropout >= 0 && options.Dropout < 1))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Prefix}Dropout must lie in [0, 1); found {options.Dropout}."), nameof(options));
        }

        if (options.StageWidths is null || options.StageWidths.Count == 0)
        {
            throw new ArgumentException($"{Prefix}StageWidths needs at least one stage.", nameof(options));
        }

        for (int stage = 0; stage < options.StageWidths.Count; stage++)
        {
            ParameterReader.RequireChoices(
                options.StageWidths[stage], string.Create(CultureInfo.InvariantCulture, $"{Prefix}StageWidths[{stage}]"), w => w >= 1, "widths are at least 1");
        }

        ParameterReader.RequireChoices(options.StageStrides, Prefix + nameof(options.StageStrides), s => s >= 1, "strides are at least 1", allowDuplicates: true);
        if (options.StageStrides.Count != options.StageWidths.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Prefix}StageStrides has {options.StageStrides.Count} entries but StageWidths has {options.StageWidths.Count}; give one stride per stage."),
                nameof(options));
        }

        ParameterReader.RequireChoices(options.DepthChoices, Prefix + nameof(options.DepthChoices), d => d >= 1, "a stage has at least 1 block");
        ParameterReader.RequireChoices(options.BlockKinds, Prefix + nameof(options.BlockKinds), k => Enum.IsDefined(k), "use a ResidualBlockKind member");
        return options;
    }
}
