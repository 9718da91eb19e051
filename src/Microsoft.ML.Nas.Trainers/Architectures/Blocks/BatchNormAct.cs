using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// Batch normalisation <c>bn</c> (2-D for images, 1-D for feature vectors) followed by an activation, as the
/// <c>lastact</c> of NAS-Bench-201 networks.
/// </summary>
public sealed partial class BatchNormAct : ExplicitModule
{
    private readonly BatchNorm _bn;

    /// <summary>Initializes the block.</summary>
    /// <param name="channels">The channels (image) or features (vector).</param>
    /// <param name="activation">The activation.</param>
    /// <param name="image">Whether the input is an image [N, C, H, W] (else [N, C]).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is below 1.</exception>
    public BatchNormAct(int channels, Activation activation, bool image)
        : base(nameof(BatchNormAct))
    {
        BlockArguments.RequirePositive(channels, nameof(channels));
        _bn = image ? nn.BatchNorm2d(channels) : nn.BatchNorm1d(channels);
        register_module("bn", _bn);
        Activation = activation;
        IsImage = image;
    }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets whether the input is an image (the normalisation is a <see cref="BatchNorm2d"/>, else a <see cref="BatchNorm1d"/>).</summary>
    internal bool IsImage { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var normalised = _bn.call(input);
        return Activation == Activation.None
            ? normalised
            : ForwardChain.Next(normalised, true, x => ActivationNames.Apply(Activation, x));
    }
}
