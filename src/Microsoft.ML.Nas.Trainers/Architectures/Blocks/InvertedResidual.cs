using Microsoft.ML.Nas.Trainers.Engine;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The MobileNetV2/V3 inverted residual (MBConv) block: 1×1 expansion <c>expand</c> (a <see cref="ConvBnAct"/>, absent
/// when the expansion ratio is 1), k×k depthwise <c>depthwise</c> with the stride, optional squeeze-excitation
/// <c>se</c>, 1×1 linear projection <c>project</c> (no activation), and an identity shortcut when the stride is 1 and
/// the channel counts match.
/// </summary>
/// <remarks>
/// M. Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018,
/// https://arxiv.org/abs/1801.04381; with SE and hard-swish as in "Searching for MobileNetV3", ICCV 2019,
/// https://arxiv.org/abs/1905.02244. y = [x +] project(se(depthwise(expand(x)))).
/// </remarks>
public sealed partial class InvertedResidual : ExplicitModule
{
    private readonly ConvBnAct? _expand;
    private readonly ConvBnAct _depthwise;
    private readonly SqueezeExcite? _squeezeExcite;
    private readonly ConvBnAct _project;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <param name="kernel">The depthwise kernel size (odd).</param>
    /// <param name="expansion">The expansion ratio: hidden channels = inChannels · expansion.</param>
    /// <param name="stride">The depthwise stride.</param>
    /// <param name="squeezeChannels">The squeeze-excitation width, or 0 for no squeeze-excitation.</param>
    /// <param name="activation">The activation of the expansion and depthwise layers.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below its minimum.</exception>
    public InvertedResidual(int inChannels, int outChannels, int kernel, int expansion, int stride, int squeezeChannels, Activation activation)
        : base(nameof(InvertedResidual))
    {
        BlockArguments.RequirePositive(inChannels, nameof(inChannels));
        BlockArguments.RequirePositive(outChannels, nameof(outChannels));
        BlockArguments.RequirePositive(kernel, nameof(kernel));
        BlockArguments.RequirePositive(expansion, nameof(expansion));
        BlockArguments.RequirePositive(stride, nameof(stride));
        ArgumentOutOfRangeException.ThrowIfNegative(squeezeChannels);
        int hidden = checked(inChannels * expansion);
        if (expansion != 1)
        {
            _expand = new ConvBnAct(inChannels, hidden, 1, activation: activation);
            register_module("expand", _expand);
        }

        _depthwise = new ConvBnAct(hidden, hidden, kernel, stride, hidden, activation);
        register_module("depthwise", _depthwise);
        if (squeezeChannels > 0)
        {
            _squeezeExcite = new SqueezeExcite(hidden, squeezeChannels);
            register_module("se", _squeezeExcite);
        }

        _project = new ConvBnAct(hidden, outChannels, 1, activation: Activation.None);
        register_module("project", _project);
        HasShortcut = stride == 1 && inChannels == outChannels;
    }

    /// <summary>Gets whether the block adds its input to its output.</summary>
    public bool HasShortcut { get; }

    /// <summary>Gets the 1×1 expansion (registered as <c>expand</c>), or <see langword="null"/> when the expansion ratio is 1.</summary>
    internal ConvBnAct? Expand => _expand;

    /// <summary>Gets the depthwise convolution (registered as <c>depthwise</c>).</summary>
    internal ConvBnAct Depthwise => _depthwise;

    /// <summary>Gets the squeeze-excitation (registered as <c>se</c>), or <see langword="null"/> when the block has none.</summary>
    internal SqueezeExcite? SqueezeExcite => _squeezeExcite;

    /// <summary>Gets the linear 1×1 projection (registered as <c>project</c>).</summary>
    internal ConvBnAct Project => _project;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = input;
        if (_expand is not null)
        {
            current = _expand.call(current);
        }

        current = ForwardChain.Next(current, !ReferenceEquals(current, input), _depthwise.call);
        if (_squeezeExcite is not null)
        {
            current = ForwardChain.Next(current, true, _squeezeExcite.call);
        }

        current = ForwardChain.Next(current, true, _project.call);
        return HasShortcut ? ForwardChain.Next(current, true, projected => projected.add(input)) : current;
    }
}
