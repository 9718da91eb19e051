using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>
/// Creates the <see cref="LayerTemplate"/>s of a <see cref="ComposedArchitectureSpace"/>: layers built from the same
/// nodes as the bundled spaces, with any setting fixed (a plain value) or searched (<see cref="ValueChoice.Of{T}(T[])"/>),
/// user-written TorchSharp modules (<see cref="Module(string, Func{InputShape, nn.Module{Tensor, Tensor}})"/>), and the
/// combinators <see cref="Choice"/>, <see cref="Repeat"/> and <see cref="Sequence"/>.
/// </summary>
/// <remarks>
/// A searched setting appears in the parameter under the setting's name (<c>channels</c>, <c>kernel</c>,
/// <c>expansion</c>, <c>se</c>, <c>activation</c>, <c>width</c>, <c>dropout</c>, <c>normalization</c>,
/// <c>residual</c>). Strides apply to the first repetition of a <see cref="Repeat"/> only.
/// </remarks>
public static class Layers
{
    /// <summary>A convolution + batch norm + activation layer (<see cref="ConvBnActNode"/>).</summary>
    /// <param name="channels">The output channels.</param>
    /// <param name="kernel">The kernel size (odd); 3 when <see langword="null"/>.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="activation">The activation; ReLU when <see langword="null"/>.</param>
    /// <returns>The template, named <c>conv_bn_act</c>.</returns>
    public static LayerTemplate ConvBnAct(ValueChoice<int> channels, ValueChoice<int>? kernel = null, int stride = 1, ValueChoice<Activation>? activation = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return new NodeTemplate(
            ConvBnActNode.TypeName,
            [Int("channels", channels), Int("kernel", kernel ?? 3), Act(activation)],
            (s, c) => new ConvBnActNode(c.Shape, s.Get<int>("channels"), s.Get<int>("kernel"), StrideOf(stride, c), 1, s.Get<Activation>("activation")));
    }

    /// <summary>An inverted residual (MBConv) block (<see cref="InvertedResidualNode"/>).</summary>
    /// <param name="channels">The output channels.</param>
    /// <param name="kernel">The depthwise kernel size (odd); 3 when <see langword="null"/>.</param>
    /// <param name="expansion">The expansion ratio; 4 when <see langword="null"/>.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="squeezeExcite">Whether to add squeeze-excitation; off when <see langword="null"/>.</param>
    /// <param name="activation">The activation; ReLU when <see langword="null"/>.</param>
    /// <returns>The template, named <c>inverted_residual</c>.</returns>
    public static LayerTemplate InvertedResidual(
        ValueChoice<int> channels, ValueChoice<int>? kernel = null, ValueChoice<int>? expansion = null, int stride = 1,
        ValueChoice<bool>? squeezeExcite = null, ValueChoice<Activation>? activation = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return new NodeTemplate(
            InvertedResidualNode.TypeName,
            [Int("channels", channels), Int("kernel", kernel ?? 3), Int("expansion", expansion ?? 4), new NodeTemplate.Setting<bool>("se", squeezeExcite ?? false), Act(activation)],
            (s, c) => new InvertedResidualNode(
                c.Shape, s.Get<int>("channels"), s.Get<int>("kernel"), s.Get<int>("expansion"), StrideOf(stride, c), s.Get<bool>("se"), s.Get<Activation>("activation")));
    }

    /// <summary>A ResNet basic block (<see cref="BasicBlockNode"/>).</summary>
    /// <param name="channels">The output channels.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <returns>The template, named <c>basic_block</c>.</returns>
    public static LayerTemplate BasicBlock(ValueChoice<int> channels, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return new NodeTemplate(
            BasicBlockNode.TypeName, [Int("channels", channels)], (s, c) => new BasicBlockNode(c.Shape, s.Get<int>("channels"), StrideOf(stride, c)));
    }

    /// <summary>A ResNet bottleneck block (<see cref="BottleneckNode"/>) whose middle width is max(1, channels / <paramref name="ratio"/>).</summary>
    /// <param name="channels">The output channels.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="ratio">The output-to-middle width ratio; 4 by default.</param>
    /// <returns>The template, named <c>bottleneck</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is below 1.</exception>
    public static LayerTemplate Bottleneck(ValueChoice<int> channels, int stride = 1, int ratio = 4)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(ratio, 1);
        return new NodeTemplate(
            BottleneckNode.TypeName,
            [Int("channels", channels)],
            (s, c) => new BottleneckNode(c.Shape, s.Get<int>("channels"), Math.Max(1, s.Get<int>("channels") / ratio), StrideOf(stride, c)));
    }

    /// <summary>A squeeze-and-excitation block (<see cref="SqueezeExciteNode"/>) with MakeDivisible(channels / 4, 8) squeeze channels.</summary>
    /// <returns>The template, named <c>squeeze_excite</c>.</returns>
    public static LayerTemplate SqueezeExcite() =>
        new NodeTemplate(SqueezeExciteNode.TypeName, [], (_, c) => new SqueezeExciteNode(c.Shape, Channels.MakeDivisible(c.Shape.Channels / 4.0)));

    /// <summary>A fully connected layer (<see cref="DenseNode"/>); the residual connection applies only when the widths match.</summary>
    /// <param name="width">The output width.</param>
    /// <param name="activation">The activation; ReLU when <see langword="null"/>.</param>
    /// <param name="dropout">The dropout probability; 0 when <see langword="null"/>.</param>
    /// <param name="normalization">The normalisation; none when <see langword="null"/>.</param>
    /// <param name="residual">Whether to add the input when the widths match; off when <see langword="null"/>.</param>
    /// <returns>The template, named <c>dense</c>.</returns>
    public static LayerTemplate Dense(
        ValueChoice<int> width, ValueChoice<Activation>? activation = null, ValueChoice<double>? dropout = null,
        ValueChoice<Normalization>? normalization = null, ValueChoice<bool>? residual = null)
    {
        ArgumentNullException.ThrowIfNull(width);
        return new NodeTemplate(
            DenseNode.TypeName,
            [
                Int("width", width), Act(activation), new NodeTemplate.Setting<double>("dropout", dropout ?? 0.0),
                new NodeTemplate.Setting<Normalization>("normalization", normalization ?? Normalization.None), new NodeTemplate.Setting<bool>("residual", residual ?? false),
            ],
            (s, c) => new DenseNode(
                c.Shape, s.Get<int>("width"), s.Get<Activation>("activation"), s.Get<double>("dropout"), s.Get<Normalization>("normalization"),
                s.Get<bool>("residual") && c.Shape.Channels == s.Get<int>("width")));
    }

    /// <summary>Max pooling (<see cref="PoolNode"/>).</summary>
    /// <param name="kernel">The window size.</param>
    /// <param name="stride">The stride; the kernel size when 0 (the default).</param>
    /// <param name="padding">The padding; 0 by default.</param>
    /// <returns>The template, named <c>max_pool</c>.</returns>
    public static LayerTemplate MaxPool(int kernel, int stride = 0, int padding = 0) =>
        new NodeTemplate("max_pool", [], (_, c) => new PoolNode(c.Shape, PoolKind.Max, kernel, c.IsRepetition ? 1 : stride, padding));

    /// <summary>Average pooling (<see cref="PoolNode"/>).</summary>
    /// <param name="kernel">The window size.</param>
    /// <param name="stride">The stride; the kernel size when 0 (the default).</param>
    /// <param name="padding">The padding; 0 by default.</param>
    /// <returns>The template, named <c>avg_pool</c>.</returns>
    public static LayerTemplate AvgPool(int kernel, int stride = 0, int padding = 0) =>
        new NodeTemplate("avg_pool", [], (_, c) => new PoolNode(c.Shape, PoolKind.Average, kernel, c.IsRepetition ? 1 : stride, padding));

    /// <summary>Flattens an image into a feature vector (<see cref="FlattenNode"/>).</summary>
    /// <returns>The template, named <c>flatten</c>.</returns>
    public static LayerTemplate Flatten() => new NodeTemplate(FlattenNode.TypeName, [], (_, c) => new FlattenNode(c.Shape));

    /// <summary>The head (<see cref="ClassifierNode"/>): global pooling of an image, dropout, linear layer to the space's outputs. End every space with it.</summary>
    /// <param name="dropout">The dropout probability; 0 when <see langword="null"/>.</param>
    /// <returns>The template, named <c>classifier</c>.</returns>
    public static LayerTemplate Classifier(ValueChoice<double>? dropout = null) =>
        new NodeTemplate(
            ClassifierNode.TypeName,
            [new NodeTemplate.Setting<double>("dropout", dropout ?? 0.0)],
            (s, c) => new ClassifierNode(c.Shape, c.Outputs, s.Get<double>("dropout")));

    /// <summary>
    /// A user-written TorchSharp module (<see cref="ModuleNode"/>), for example one candidate of a <see cref="Choice"/>
    /// next to bundled layers. NasML traces it once per input shape for its output shape and costs.
    /// </summary>
    /// <param name="name">The template's name, which is also the module's name in descriptions (the key of its factory when they are read back); not empty.</param>
    /// <param name="factory">Builds the module for a per-sample input shape, freshly initialised; it maps <c>[N, ...input]</c> to <c>[N, features]</c> or <c>[N, c, h, w]</c>.</param>
    /// <returns>The template; its <see cref="ModuleTemplate.Factories"/> read back descriptions and models that use it.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public static ModuleTemplate Module(string name, Func<InputShape, nn.Module<Tensor, Tensor>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new ModuleTemplate(name, settingKey: null, [], _ => string.Empty, (input, _) => factory(input));
    }

    /// <summary>
    /// A user-written TorchSharp module with one setting, fixed or searched (<see cref="ValueChoice.Of{T}(T[])"/>); the
    /// parameter records a searched value under <paramref name="settingName"/>, and the module's settings always hold it.
    /// </summary>
    /// <typeparam name="T">The setting's type: <see cref="int"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="Activation"/> or <see cref="Normalization"/>.</typeparam>
    /// <param name="name">The template's name, which is also the module's name in descriptions; not empty.</param>
    /// <param name="settingName">The setting's key in the parameter and in the module's settings; not empty.</param>
    /// <param name="setting">The setting's values. Minimum costs try every value.</param>
    /// <param name="factory">Builds the module for a per-sample input shape and a setting value, freshly initialised.</param>
    /// <returns>The template; its <see cref="ModuleTemplate.Factories"/> read back descriptions and models that use it.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="settingName"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="setting"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public static ModuleTemplate Module<T>(string name, string settingName, ValueChoice<T> setting, Func<InputShape, T, nn.Module<Tensor, Tensor>> factory)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settingName);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(factory);
        return new ModuleTemplate(
            name,
            settingName,
            setting.Values.Select(value => ValueCodec.ToParameter(value)),
            value => ValueCodec.Format(ValueCodec.FromParameter<T>(value, settingName)),
            (input, settings) => factory(input, ValueCodec.FromParameter<T>(settings[settingName], settingName)));
    }

    /// <summary>No layer: the "skip" candidate of a <see cref="Choice"/> (ProxylessNAS's and FBNet's zero/skip operation).</summary>
    /// <returns>The template, named <c>identity</c>.</returns>
    public static LayerTemplate Identity() => new IdentityTemplate("identity");

    /// <summary>
    /// A choice among templates: the parameter records the chosen template's <see cref="LayerTemplate.Name"/> (as
    /// <c>"value"</c>) and that template's own settings only (a conditional choice).
    /// </summary>
    /// <param name="candidates">The templates, at least one, with different names (rename with <see cref="LayerTemplate.WithName"/>).</param>
    /// <returns>The template, named <c>choice</c>.</returns>
    /// <exception cref="ArgumentException">No candidates, or two with the same name.</exception>
    public static LayerTemplate Choice(params LayerTemplate[] candidates) => new LayerChoiceTemplate("choice", candidates);

    /// <summary>
    /// A template repeated a searched number of times (a stage of a depth-searched network); the first repetition uses
    /// the template's stride, the others stride 1.
    /// </summary>
    /// <param name="depths">The repetition counts, each at least 1 (parameter key <c>depth</c> when more than one).</param>
    /// <param name="layer">The repeated template.</param>
    /// <param name="shareDecisions">
    /// Whether every repetition uses the same settings (key <c>layer</c>; MnasNet's per-stage decisions, the default) or
    /// each repetition its own (keys <c>layer1</c> … <c>layerN</c> for the largest depth; a shallower depth ignores the
    /// rest, as Once-for-All's encoding).
    /// </param>
    /// <returns>The template, named <c>repeat</c>.</returns>
    /// <exception cref="ArgumentException">No depths, a repeated depth, or a depth below 1.</exception>
    public static LayerTemplate Repeat(IReadOnlyList<int> depths, LayerTemplate layer, bool shareDecisions = true) =>
        new RepeatTemplate("repeat", depths, layer, shareDecisions);

    /// <summary>Templates run one after the other as one template (for example a multi-layer candidate of a <see cref="Choice"/>); searched ones are keyed <c>layer1</c>, <c>layer2</c>, … by position.</summary>
    /// <param name="layers">The templates, at least one.</param>
    /// <returns>The template, named <c>sequence</c>.</returns>
    /// <exception cref="ArgumentException">No templates.</exception>
    public static LayerTemplate Sequence(params LayerTemplate[] layers) => new SequenceTemplate("sequence", layers);

    private static NodeTemplate.Setting<int> Int(string key, ValueChoice<int> choice) => new(key, choice);

    private static NodeTemplate.Setting<Activation> Act(ValueChoice<Activation>? activation) => new("activation", activation ?? Activation.ReLU);

    private static int StrideOf(int stride, LayerContext context) => context.IsRepetition ? 1 : stride;
}
