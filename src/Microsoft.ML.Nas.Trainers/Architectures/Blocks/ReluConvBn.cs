using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// NAS-Bench-201's pre-activation convolution: ReLU, convolution <c>conv</c> (same padding, no bias), batch
/// normalisation <c>bn</c>.
/// </summary>
public sealed partial class ReluConvBn : ExplicitModule
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
        : base(nameof(ReluConvBn))
    {
        BlockArguments.RequirePositive(inChannels, nameof(inChannels));
        BlockArguments.RequirePositive(outChannels, nameof(outChannels));
        BlockArguments.RequirePositive(kernel, nameof(kernel));
        BlockArguments.RequirePositive(stride, nameof(stride));
        _conv = nn.Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, bias: false);
        _bn = nn.BatchNorm2d(outChannels);
        register_module("conv", _conv);
        register_module("bn", _bn);
    }

    /// <summary>Gets the convolution (registered as <c>conv</c>).</summary>
    internal Conv2d Conv => _conv;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var current = nn.functional.relu(input);
        current = ForwardChain.Next(current, true, _conv.call);
        return ForwardChain.Next(current, true, _bn.call);
    }
}
