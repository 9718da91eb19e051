using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

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
public sealed partial class SqueezeExcite : ExplicitModule
{
    private readonly Conv2d _fc1;
    private readonly Conv2d _fc2;

    /// <summary>Initializes the block.</summary>
    /// <param name="channels">The input (and output) channels.</param>
    /// <param name="squeezeChannels">The squeeze width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width below 1.</exception>
    public SqueezeExcite(int channels, int squeezeChannels)
        : base(nameof(SqueezeExcite))
    {
        BlockArguments.RequirePositive(channels, nameof(channels));
        BlockArguments.RequirePositive(squeezeChannels, nameof(squeezeChannels));
        _fc1 = nn.Conv2d(channels, squeezeChannels, 1);
        _fc2 = nn.Conv2d(squeezeChannels, channels, 1);
        register_module("fc1", _fc1);
        register_module("fc2", _fc2);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var pooled = nn.functional.adaptive_avg_pool2d(input, 1);
        using var squeezed = _fc1.call(pooled);
        using var activated = nn.functional.relu(squeezed);
        using var excited = _fc2.call(activated);
        using var gate = nn.functional.hardsigmoid(excited);
        return input * gate;
    }
}
