using System.Globalization;
using System.Text;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// A MobileNet-style macro space of inverted residual blocks, as searched by ProxylessNAS, FBNet and Once-for-All:
/// a 3×3 stem, stages of 1..n inverted residual blocks (depth, kernel, expansion ratio, squeeze-excitation and
/// activation searched), an optional 1×1 head convolution, global pooling, dropout and a linear classifier, all under a
/// global width multiplier.
/// </summary>
/// <remarks>
/// <para>
/// H. Cai, L. Zhu, S. Han, "ProxylessNAS: Direct Neural Architecture Search on Target Task and Hardware", ICLR 2019,
/// https://arxiv.org/abs/1812.00332; B. Wu et al., "FBNet: Hardware-Aware Efficient ConvNet Design via Differentiable
/// Neural Architecture Search", CVPR 2019, https://arxiv.org/abs/1812.03443; H. Cai, C. Gan, T. Wang, Z. Zhang, S. Han,
/// "Once-for-All: Train One Network and Specialize it for Efficient Deployment", ICLR 2020,
/// https://arxiv.org/abs/1908.09791; M. Tan et al., "MnasNet: Platform-Aware Neural Architecture Search for Mobile",
/// CVPR 2019, https://arxiv.org/abs/1807.11626. Blocks are MobileNetV2/V3's (see <see cref="InvertedResidualNode"/>).
/// </para>
/// <para>
/// The mapping: channels c = MakeDivisible(c₁.₀ · width, 8); stage i has depth dᵢ blocks, the first with the stage's
/// stride, the others stride 1 (with an identity shortcut); the stem uses the first stage's activation and the head
/// convolution the last stage's. By default kernel, expansion and squeeze-excitation are one decision per stage
/// (MnasNet's factorised hierarchical space: a compact space that suits a few dozen trials). With
/// <see cref="MobileNetSpaceOptions.PerBlockChoices"/> they are decided per block as in Once-for-All's encoding: every
/// stage carries settings for its deepest variant and a depth d keeps the first d blocks, ignoring the rest; the
/// feature layout stays fixed, so what a tuner learns about block 1 carries over between depths.
/// </para>
/// <para>
/// Parameter (per stage): <c>{"width":0.75,"stage1":{"depth":2,"kernel":5,"expansion":4,"se":false,"activation":"relu"},...,"dropout":0.2}</c>;
/// per block, a stage is <c>{"depth":2,"activation":"relu","block1":{"kernel":5,"expansion":4,"se":false},...}</c>.
/// </para>
/// </remarks>
public sealed class MobileNetSpace : ArchitectureSpace
{
    private readonly MobileNetSpaceOptions _options;
    private readonly SearchSpace _searchSpace;

    /// <summary>Initializes a new instance of the <see cref="MobileNetSpace"/> class.</summary>
    /// <param name="options">The ranges; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is empty, repeats a value or is out of range; the message names it.</exception>
    public MobileNetSpace(MobileNetSpaceOptions? options = null)
        : base("mobilenet")
    {
        _options = Validate(options ?? new MobileNetSpaceOptions());
        _searchSpace = CreateSearchSpace(_options);
    }

    /// <summary>Gets the ranges.</summary>
    public MobileNetSpaceOptions Options => _options;

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
    public override IReadOnlyList<Parameter> MinimalCandidates()
    {
        var parameter = Parameter.CreateObject();
        parameter["width"] = Parameter.FromDouble(_options.WidthMultipliers.Min());
        for (int stage = 0; stage < _options.StageChannels.Count; stage++)
        {
            var stageParameter = Parameter.CreateObject();
            stageParameter["depth"] = Parameter.FromInt(_options.DepthChoices.Min());
            if (_options.PerBlockChoices)
            {
                stageParameter["activation"] = Parameter.FromString(ActivationNames.Name(_options.ActivationChoices[0]));
                for (int block = 1; block <= _options.DepthChoices.Max(); block++)
                {
                    var blockParameter = Parameter.CreateObject();
                    AddMinimalBlock(blockParameter);
                    stageParameter[BlockKey(block)] = blockParameter;
                }
            }
            else
            {
                AddMinimalBlock(stageParameter);
                stageParameter["activation"] = Parameter.FromString(ActivationNames.Name(_options.ActivationChoices[0]));
            }

            parameter[StageKey(stage)] = stageParameter;
        }

        parameter["dropout"] = Parameter.FromDouble(_options.DropoutChoices[0]);
        return [parameter];
    }

    /// <inheritdoc/>
    protected override NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs)
    {
        double width = ParameterReader.Double(parameter, "width");
        var stages = ReadStages(parameter);
        var nodes = new List<NetworkNode>();
        var shape = input;
        void Add(NetworkNode node)
        {
            nodes.Add(node);
            shape = node.Output;
        }

        Add(new ConvBnActNode(shape, Scale(_options.StemChannels, width), 3, _options.StemStride, 1, stages[0].Activation));
        for (int stage = 0; stage < stages.Count; stage++)
        {
            int channels = Scale(_options.StageChannels[stage], width);
            for (int index = 0; index < stages[stage].Blocks.Count; index++)
            {
                var block = stages[stage].Blocks[index];
                int stride = index == 0 ? _options.StageStrides[stage] : 1;
                Add(new InvertedResidualNode(shape, channels, block.Kernel, block.Expansion, stride, block.SqueezeExcite, stages[stage].Activation));
            }
        }

        if (_options.HeadChannels > 0)
        {
            Add(new ConvBnActNode(shape, Scale(_options.HeadChannels, width), 1, 1, 1, stages[^1].Activation));
        }

        Add(new ClassifierNode(shape, outputs, ParameterReader.Double(parameter, "dropout")));
        return new NetworkDescription(input, nodes);
    }

    /// <inheritdoc/>
    protected override string SummarizeCore(Parameter parameter)
    {
        double width = ParameterReader.Double(parameter, "width");
        var builder = new StringBuilder("MobileNet w").Append(ParameterReader.Format(width)).Append(':');
        var stages = ReadStages(parameter);
        for (int stage = 0; stage < stages.Count; stage++)
        {
            var (activation, blocks) = stages[stage];
            builder.Append(stage == 0 ? " " : " | ").Append(Scale(_options.StageChannels[stage], width).ToString(CultureInfo.InvariantCulture));
            if (_options.PerBlockChoices)
            {
                builder.Append(" [").AppendJoin(' ', blocks.Select(FormatBlock)).Append(']');
            }
            else
            {
                builder.Append('×').Append(blocks.Count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(FormatBlock(blocks[0]));
            }

            builder.Append(' ').Append(ActivationNames.Name(activation));
        }

        return builder.Append(" | dropout ").Append(ParameterReader.Format(ParameterReader.Double(parameter, "dropout"))).ToString();
    }

    private static string StageKey(int stage) => "stage" + (stage + 1).ToString(CultureInfo.InvariantCulture);

    private static string BlockKey(int block) => "block" + block.ToString(CultureInfo.InvariantCulture);

    private static int Scale(int channels, double width) => Channels.MakeDivisible(channels * width);

    private static string FormatBlock(BlockChoice block) =>
        string.Create(CultureInfo.InvariantCulture, $"k{block.Kernel}e{block.Expansion}{(block.SqueezeExcite ? "+se" : string.Empty)}");

    private void AddMinimalBlock(Parameter target)
    {
        target["kernel"] = Parameter.FromInt(_options.KernelChoices.Min());
        target["expansion"] = Parameter.FromInt(_options.ExpansionChoices.Min());
        target["se"] = Parameter.FromBool(_options.SqueezeExciteChoices.Min());
    }

    private List<(Activation Activation, List<BlockChoice> Blocks)> ReadStages(Parameter parameter)
    {
        var stages = new List<(Activation, List<BlockChoice>)>(_options.StageChannels.Count);
        for (int stage = 0; stage < _options.StageChannels.Count; stage++)
        {
            var stageParameter = parameter[StageKey(stage)];
            int depth = ParameterReader.Int(stageParameter, "depth");
            var activation = ParameterReader.Activation(stageParameter, "activation");
            var blocks = new List<BlockChoice>(depth);
            for (int block = 1; block <= depth; block++)
            {
                blocks.Add(ReadBlock(_options.PerBlockChoices ? stageParameter[BlockKey(block)] : stageParameter));
            }

            stages.Add((activation, blocks));
        }

        return stages;
    }

    private static BlockChoice ReadBlock(Parameter parameter) => new(
        ParameterReader.Int(parameter, "kernel"), ParameterReader.Int(parameter, "expansion"), ParameterReader.Bool(parameter, "se"));

    private static SearchSpace CreateSearchSpace(MobileNetSpaceOptions options)
    {
        var space = new SearchSpace { ["width"] = ParameterReader.Choice(options.WidthMultipliers) };
        for (int stage = 0; stage < options.StageChannels.Count; stage++)
        {
            var stageSpace = new SearchSpace { ["depth"] = ParameterReader.Choice(options.DepthChoices) };
            if (options.PerBlockChoices)
            {
                stageSpace["activation"] = ParameterReader.Choice(options.ActivationChoices);
                for (int block = 1; block <= options.DepthChoices.Max(); block++)
                {
                    stageSpace[BlockKey(block)] = CreateBlockSpace(options);
                }
            }
            else
            {
                foreach (var (key, option) in CreateBlockSpace(options))
                {
                    stageSpace[key] = option;
                }

                stageSpace["activation"] = ParameterReader.Choice(options.ActivationChoices);
            }

            space[StageKey(stage)] = stageSpace;
        }

        space["dropout"] = ParameterReader.Choice(options.DropoutChoices);
        return space;
    }

    private static SearchSpace CreateBlockSpace(MobileNetSpaceOptions options) => new()
    {
        ["kernel"] = ParameterReader.Choice(options.KernelChoices),
        ["expansion"] = ParameterReader.Choice(options.ExpansionChoices),
        ["se"] = ParameterReader.Choice(options.SqueezeExciteChoices),
    };

    private static MobileNetSpaceOptions Validate(MobileNetSpaceOptions options)
    {
        const string Prefix = nameof(MobileNetSpaceOptions) + ".";
        if (options.StemChannels < 1 || options.StemStride < 1 || options.HeadChannels < 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Prefix}StemChannels and StemStride must be at least 1 and HeadChannels at least 0; found {options.StemChannels}, {options.StemStride} and {options.HeadChannels}."),
                nameof(options));
        }

        ParameterReader.RequireChoices(options.StageChannels, Prefix + nameof(options.StageChannels), c => c >= 1, "channels are at least 1", allowDuplicates: true);
        ParameterReader.RequireChoices(options.StageStrides, Prefix + nameof(options.StageStrides), s => s >= 1, "strides are at least 1", allowDuplicates: true);
        if (options.StageStrides.Count != options.StageChannels.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Prefix}StageStrides has {options.StageStrides.Count} entries but StageChannels has {options.StageChannels.Count}; give one stride per stage."),
                nameof(options));
        }

        ParameterReader.RequireChoices(options.DepthChoices, Prefix + nameof(options.DepthChoices), d => d >= 1, "a stage has at least 1 block");
        ParameterReader.RequireChoices(options.KernelChoices, Prefix + nameof(options.KernelChoices), k => k >= 1 && k % 2 == 1, "kernels are odd");
        ParameterReader.RequireChoices(options.ExpansionChoices, Prefix + nameof(options.ExpansionChoices), e => e >= 1, "expansion ratios are at least 1");
        ParameterReader.RequireChoices(options.SqueezeExciteChoices, Prefix + nameof(options.SqueezeExciteChoices), _ => true, string.Empty);
        ParameterReader.RequireChoices(options.ActivationChoices, Prefix + nameof(options.ActivationChoices), a => Enum.IsDefined(a), "use an Activation member");
        ParameterReader.RequireChoices(options.WidthMultipliers, Prefix + nameof(options.WidthMultipliers), w => w > 0 && double.IsFinite(w), "multipliers are positive");
        ParameterReader.RequireChoices(options.DropoutChoices, Prefix + nameof(options.DropoutChoices), p => p >= 0 && p < 1, "probabilities lie in [0, 1)");
        return options;
    }

    private readonly record struct BlockChoice(int Kernel, int Expansion, bool SqueezeExcite);
}
