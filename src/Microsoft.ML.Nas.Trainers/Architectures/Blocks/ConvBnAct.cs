using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// Convolution (same padding, no bias), batch normalisation, activation: the building block of every convolutional
/// space. Parameters: <c>conv.weight</c> [out, in / groups, k, k], <c>bn.weight</c>, <c>bn.bias</c> (+ BN buffers).
/// </summary>
public sealed class ConvBnAct : Module
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
    {
        Activation = activation;
        _conv = RegisterModule("conv", new Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, groups: groups, bias: false));
        _bn = RegisterModule("bn", new BatchNorm2d(outChannels));
    }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the convolution.</summary>
    public Conv2d Conv => _conv;

    /// <summary>Gets the batch normalisation.</summary>
    public BatchNorm2d BatchNorm => _bn;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        using var convolved = _conv.Forward(input);
        var normalised = _bn.Forward(convolved);
        if (Activation == Activation.None)
        {
            return normalised;
        }

        using (normalised)
        {
            return ActivationNames.Apply(Activation, normalised);
        }
    }

    /// <inheritdoc/>
    protected override string ExtraDescription() => $"activation={ActivationNames.Name(Activation)}";
}
