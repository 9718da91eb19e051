using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The ResNet basic block with torchvision's parameter names: <c>conv1</c> (3×3, the stride) / <c>bn1</c> / ReLU,
/// <c>conv2</c> (3×3) / <c>bn2</c>, plus the shortcut (identity, or <c>downsample</c> = 1×1 convolution with the stride
/// and batch normalisation when the stride or the channel count changes), then ReLU.
/// </summary>
/// <remarks>
/// K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
/// https://arxiv.org/abs/1512.03385. y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).
/// </remarks>
public sealed partial class BasicBlock : ExplicitModule
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly ConvBnShortcut? _downsample;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <param name="stride">The stride of the first convolution and of the shortcut.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public BasicBlock(int inChannels, int outChannels, int stride)
        : base(nameof(BasicBlock))
    {
        BlockArguments.RequirePositive(inChannels, nameof(inChannels));
        BlockArguments.RequirePositive(outChannels, nameof(outChannels));
        BlockArguments.RequirePositive(stride, nameof(stride));
        _conv1 = nn.Conv2d(inChannels, outChannels, 3, stride, 1, bias: false);
        _bn1 = nn.BatchNorm2d(outChannels);
        _conv2 = nn.Conv2d(outChannels, outChannels, 3, 1, 1, bias: false);
        _bn2 = nn.BatchNorm2d(outChannels);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        if (stride != 1 || inChannels != outChannels)
        {
            _downsample = ConvBnShortcut.Create(inChannels, outChannels, stride);
            register_module("downsample", _downsample.Sequential);
        }
    }

    /// <summary>Gets whether the shortcut is a 1×1 convolution with batch normalisation rather than the identity.</summary>
    internal bool HasDownsample => _downsample is not null;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = _conv1.call(input);
        current = ForwardChain.Next(current, true, _bn1.call);
        current = ForwardChain.Next(current, true, x => nn.functional.relu(x));
        current = ForwardChain.Next(current, true, _conv2.call);
        current = ForwardChain.Next(current, true, _bn2.call);
        current = ResidualJoin.AddShortcut(current, input, _downsample?.Sequential);
        return ForwardChain.Next(current, true, x => nn.functional.relu(x));
    }
}
