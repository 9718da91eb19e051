using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The residual reduction block between NAS-Bench-201 stages (the benchmark's <c>ResNetBasicblock</c> with stride 2):
/// <c>conv_a</c> (ReLU-Conv3×3/2-BN), <c>conv_b</c> (ReLU-Conv3×3-BN), and the shortcut <c>downsample</c> = 2×2
/// average pooling with stride 2 (<c>downsample.0</c>) followed by a 1×1 convolution without bias
/// (<c>downsample.1.weight</c>).
/// </summary>
/// <remarks>
/// X. Dong, Y. Yang, "NAS-Bench-201", ICLR 2020, https://arxiv.org/abs/2001.00326. y = downsample(x) + conv_b(conv_a(x)).
/// The pooling rounds its output size up (ceil mode) so that odd sizes match the convolution path; for even sizes
/// (the benchmark's 32 → 16 → 8) it is the benchmark's block exactly.
/// </remarks>
public sealed partial class NasBench201ReductionBlock : ExplicitModule
{
    private readonly ReluConvBn _convA;
    private readonly ReluConvBn _convB;
    private readonly AvgPool2d _downsamplePool;
    private readonly Conv2d _downsampleConv;
    private readonly Sequential _downsample;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public NasBench201ReductionBlock(int inChannels, int outChannels)
        : base(nameof(NasBench201ReductionBlock))
    {
        BlockArguments.RequirePositive(inChannels, nameof(inChannels));
        BlockArguments.RequirePositive(outChannels, nameof(outChannels));
        _convA = new ReluConvBn(inChannels, outChannels, 3, 2);
        _convB = new ReluConvBn(outChannels, outChannels, 3, 1);
        _downsamplePool = nn.AvgPool2d(2, 2, 0, ceil_mode: true);
        _downsampleConv = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        _downsample = nn.Sequential(_downsamplePool, _downsampleConv);
        register_module("conv_a", _convA);
        register_module("conv_b", _convB);
        register_module("downsample", _downsample);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var current = _convA.call(input);
        current = ForwardChain.Next(current, true, _convB.call);
        using (current)
        {
            using var residual = _downsample.call(input);
            return residual.add(current);
        }
    }
}
