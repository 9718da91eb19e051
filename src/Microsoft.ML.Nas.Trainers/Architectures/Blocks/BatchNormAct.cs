using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// Batch normalisation <c>bn</c> (2-D for images, 1-D for feature vectors) followed by an activation, as the
/// <c>lastact</c> of NAS-Bench-201 networks.
/// </summary>
public sealed class BatchNormAct : Module
{
    private readonly BatchNorm _bn;

    /// <summary>Initializes the block.</summary>
    /// <param name="channels">The channels (image) or features (vector).</param>
    /// <param name="activation">The activation.</param>
    /// <param name="image">Whether the input is an image [N, C, H, W] (else [N, C]).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is below 1.</exception>
    public BatchNormAct(int channels, Activation activation, bool image)
    {
        _bn = RegisterModule<BatchNorm>("bn", image ? new BatchNorm2d(channels) : new BatchNorm1d(channels));
        Activation = activation;
    }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var normalised = _bn.Forward(input);
        return Activation == Activation.None
            ? normalised
            : ForwardChain.Next(normalised, true, x => ActivationNames.Apply(Activation, x));
    }
}
