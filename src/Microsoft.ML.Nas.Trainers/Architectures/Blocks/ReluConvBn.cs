using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// NAS-Bench-201's pre-activation convolution: ReLU, convolution <c>conv</c> (same padding, no bias), batch
/// normalisation <c>bn</c>.
/// </summary>
public sealed class ReluConvBn : Module
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <param name="kernel">The square kernel size (padding kernel / 2).</param>
    /// <param name="stride">The stride.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public ReluConvBn(int inChannels, int outChannels, int kernel, int stride)
    {
        _conv = RegisterModule("conv", new Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, bias: false));
        _bn = RegisterModule("bn", new BatchNorm2d(outChannels));
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var current = Functional.ReLU(input);
        current = ForwardChain.Next(current, true, _conv.Forward);
        return ForwardChain.Next(current, true, _bn.Forward);
    }
}
