using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The ResNet bottleneck block with torchvision's parameter names (stride on the 3×3 convolution, as ResNet v1.5):
/// <c>conv1</c> (1×1 to the middle width) / <c>bn1</c> / ReLU, <c>conv2</c> (3×3, the stride) / <c>bn2</c> / ReLU,
/// <c>conv3</c> (1×1 to the output width) / <c>bn3</c>, plus the shortcut (identity, or <c>downsample</c> = 1×1
/// convolution with the stride and batch normalisation), then ReLU.
/// </summary>
/// <remarks>
/// K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
/// https://arxiv.org/abs/1512.03385. y = relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x)).
/// </remarks>
public sealed class Bottleneck : Module
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Conv2d _conv3;
    private readonly BatchNorm2d _bn3;
    private readonly Sequential? _downsample;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="midChannels">The width of the 3×3 convolution.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <param name="stride">The stride of the 3×3 convolution and of the shortcut.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public Bottleneck(int inChannels, int midChannels, int outChannels, int stride)
    {
        _conv1 = RegisterModule("conv1", new Conv2d(inChannels, midChannels, 1, bias: false));
        _bn1 = RegisterModule("bn1", new BatchNorm2d(midChannels));
        _conv2 = RegisterModule("conv2", new Conv2d(midChannels, midChannels, 3, stride, 1, bias: false));
        _bn2 = RegisterModule("bn2", new BatchNorm2d(midChannels));
        _conv3 = RegisterModule("conv3", new Conv2d(midChannels, outChannels, 1, bias: false));
        _bn3 = RegisterModule("bn3", new BatchNorm2d(outChannels));
        if (stride != 1 || inChannels != outChannels)
        {
            _downsample = RegisterModule(
                "downsample", new Sequential(new Conv2d(inChannels, outChannels, 1, stride, bias: false), new BatchNorm2d(outChannels)));
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = _conv1.Forward(input);
        current = ForwardChain.Next(current, true, _bn1.Forward);
        current = ForwardChain.Next(current, true, Functional.ReLU);
        current = ForwardChain.Next(current, true, _conv2.Forward);
        current = ForwardChain.Next(current, true, _bn2.Forward);
        current = ForwardChain.Next(current, true, Functional.ReLU);
        current = ForwardChain.Next(current, true, _conv3.Forward);
        current = ForwardChain.Next(current, true, _bn3.Forward);
        current = ResidualJoin.AddShortcut(current, input, _downsample);
        return ForwardChain.Next(current, true, Functional.ReLU);
    }
}
