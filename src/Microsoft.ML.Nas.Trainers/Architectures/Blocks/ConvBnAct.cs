using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// Convolution (same padding, no bias), batch normalisation, activation: the building block of every convolutional
/// space. Parameters: <c>conv.weight</c> [out, in / groups, k, k], <c>bn.weight</c>, <c>bn.bias</c> (+ BN buffers).
/// </summary>
public sealed partial class ConvBnAct : ExplicitModule
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;

    /// <summary>Initializes the block.</summary>
    /// <param name="inChannels">The input channels.</param>
    /// <param name="outChannels">The output channels.</param>
    /// <param name="kernel">The square kernel size; the padding is kernel / 2.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="groups">The channel groups (the input channels for a depthwise convolution); 1 by default.</param>
    /// <param name="activation">The activation after the normalisation; ReLU by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1, or groups not dividing both channel counts.</exception>
    public ConvBnAct(int inChannels, int outChannels, int kernel, int stride = 1, int groups = 1, Activation activation = Activation.ReLU)
        : base(nameof(ConvBnAct))
    {
        BlockArguments.RequirePositive(inChannels, nameof(inChannels));
        BlockArguments.RequirePositive(outChannels, nameof(outChannels));
        BlockArguments.RequirePositive(kernel, nameof(kernel));
        BlockArguments.RequirePositive(stride, nameof(stride));
        BlockArguments.RequireGroups(inChannels, outChannels, groups);
        Activation = activation;
        _conv = nn.Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, groups: groups, bias: false);
        _bn = nn.BatchNorm2d(outChannels);
        register_module("conv", _conv);
        register_module("bn", _bn);
    }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the convolution (registered as <c>conv</c>).</summary>
    public Conv2d Conv => _conv;

    /// <summary>Gets the batch normalisation (registered as <c>bn</c>).</summary>
    public BatchNorm2d BatchNorm => _bn;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var normalised = ForwardChain.Next(_conv.call(input), true, _bn.call);
        return Activation == Activation.None
            ? normalised
            : ForwardChain.Next(normalised, true, x => ActivationNames.Apply(Activation, x));
    }
}
