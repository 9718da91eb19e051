using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

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
public sealed class NasBench201ReductionBlock : Module
{
    private readonly ReluConvBn _convA;
    private readonly ReluConvBn _convB;
    private readonly Sequential _downsample;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public NasBench201ReductionBlock(int inChannels, int outChannels)
    {
        _convA = RegisterModule("conv_a", new ReluConvBn(inChannels, outChannels, 3, 2));
        _convB = RegisterModule("conv_b", new ReluConvBn(outChannels, outChannels, 3, 1));
        _downsample = RegisterModule(
            "downsample", new Sequential(new AvgPool2d(2, 2, 0, ceilMode: true), new Conv2d(inChannels, outChannels, 1, bias: false)));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var current = _convA.Forward(input);
        current = ForwardChain.Next(current, true, _convB.Forward);
        using (current)
        {
            using var residual = _downsample.Forward(input);
            return residual.Add(current);
        }
    }
}
