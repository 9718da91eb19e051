using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

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
public sealed class InvertedResidual : Module
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
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expansion, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(squeezeChannels);
        int hidden = inChannels * expansion;
        if (expansion != 1)
        {
            _expand = RegisterModule("expand", new ConvBnAct(inChannels, hidden, 1, activation: activation));
        }

        _depthwise = RegisterModule("depthwise", new ConvBnAct(hidden, hidden, kernel, stride, hidden, activation));
        if (squeezeChannels > 0)
        {
            _squeezeExcite = RegisterModule("se", new SqueezeExcite(hidden, squeezeChannels));
        }

        _project = RegisterModule("project", new ConvBnAct(hidden, outChannels, 1, activation: Activation.None));
        HasShortcut = stride == 1 && inChannels == outChannels;
    }

    /// <summary>Gets whether the block adds its input to its output.</summary>
    public bool HasShortcut { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = input;
        if (_expand is not null)
        {
            current = _expand.Forward(current);
        }

        current = ForwardChain.Next(current, !ReferenceEquals(current, input), _depthwise.Forward);
        if (_squeezeExcite is not null)
        {
            current = ForwardChain.Next(current, true, _squeezeExcite.Forward);
        }

        current = ForwardChain.Next(current, true, _project.Forward);
        return HasShortcut ? ForwardChain.Next(current, true, projected => projected.Add(input)) : current;
    }
}
