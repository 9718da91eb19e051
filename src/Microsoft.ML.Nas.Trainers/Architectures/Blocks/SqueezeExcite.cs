using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// Squeeze-and-excitation as in MobileNetV3 (torchvision's <c>SqueezeExcitation</c>): global average pooling, 1×1
/// convolution <c>fc1</c> (with bias) to the squeeze width, ReLU, 1×1 convolution <c>fc2</c> (with bias) back,
/// hard sigmoid, and the input scaled channel-wise by the gate.
/// </summary>
/// <remarks>
/// J. Hu, L. Shen, G. Sun, "Squeeze-and-Excitation Networks", CVPR 2018, https://arxiv.org/abs/1709.01507;
/// the hard-sigmoid gate is from A. Howard et al., "Searching for MobileNetV3", ICCV 2019,
/// https://arxiv.org/abs/1905.02244. y = x · hsigmoid(W₂ · relu(W₁ · mean_hw(x) + b₁) + b₂).
/// </remarks>
public sealed class SqueezeExcite : Module
{
    private readonly Conv2d _fc1;
    private readonly Conv2d _fc2;

    /// <summary>Initializes the block.</summary>
    /// <param name="channels">The input (and output) channels.</param>
    /// <param name="squeezeChannels">The squeeze width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width below 1.</exception>
    public SqueezeExcite(int channels, int squeezeChannels)
    {
        _fc1 = RegisterModule("fc1", new Conv2d(channels, squeezeChannels, 1));
        _fc2 = RegisterModule("fc2", new Conv2d(squeezeChannels, channels, 1));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        using var pooled = Functional.AdaptiveAvgPool2d(input, 1);
        using var squeezed = _fc1.Forward(pooled);
        using var activated = Functional.ReLU(squeezed);
        using var excited = _fc2.Forward(activated);
        using var gate = Functional.Hardsigmoid(excited);
        return input * gate;
    }
}
