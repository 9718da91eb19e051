using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// A fully connected layer of a tabular network: <c>linear</c> (with bias), optional batch normalisation <c>norm</c>,
/// activation, dropout <c>dropout</c>, and an optional identity shortcut (input and output widths equal):
/// y = [x +] dropout(act(norm(linear(x)))).
/// </summary>
/// <remarks>
/// The dropout is an <see cref="TorchSharp.Modules.Dropout"/> child, registered only when its probability is above 0,
/// so <c>eval()</c> (or calling <c>eval()</c> on it alone) turns it off.
/// </remarks>
public sealed partial class DenseBlock : ExplicitModule
{
    private readonly Linear _linear;
    private readonly BatchNorm1d? _norm;
    private readonly TorchSharp.Modules.Dropout? _dropout;

    /// <summary>Initializes the block.</summary>
    /// <param name="inFeatures">The input width.</param>
    /// <param name="outFeatures">The output width.</param>
    /// <param name="activation">The activation.</param>
    /// <param name="dropout">The dropout probability in [0, 1) (applied in training mode only).</param>
    /// <param name="batchNorm">Whether to normalise the linear layer's output.</param>
    /// <param name="residual">Whether to add the input to the output; needs equal widths.</param>
    /// <exception cref="ArgumentException"><paramref name="residual"/> with different widths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A width below 1, or a probability outside [0, 1).</exception>
    public DenseBlock(int inFeatures, int outFeatures, Activation activation, double dropout, bool batchNorm, bool residual)
        : base(nameof(DenseBlock))
    {
        BlockArguments.RequirePositive(inFeatures, nameof(inFeatures));
        BlockArguments.RequirePositive(outFeatures, nameof(outFeatures));
        if (residual && inFeatures != outFeatures)
        {
            throw new ArgumentException(
                $"DenseBlock: a residual connection needs equal widths; found {inFeatures} in and {outFeatures} out.", nameof(residual));
        }

        BlockArguments.RequireDropout(dropout, nameof(dropout));
        _linear = nn.Linear(inFeatures, outFeatures);
        register_module("linear", _linear);
        if (batchNorm)
        {
            _norm = nn.BatchNorm1d(outFeatures);
            register_module("norm", _norm);
        }

        if (dropout > 0)
        {
            _dropout = nn.Dropout(dropout);
            register_module("dropout", _dropout);
        }

        Activation = activation;
        Dropout = dropout;
        Residual = residual;
    }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the dropout probability.</summary>
    public double Dropout { get; }

    /// <summary>Gets whether the input is added to the output.</summary>
    public bool Residual { get; }

    /// <summary>Gets the linear layer (registered as <c>linear</c>).</summary>
    internal Linear Linear => _linear;

    /// <summary>Gets the batch normalisation (registered as <c>norm</c>), or <see langword="null"/> without one.</summary>
    internal BatchNorm1d? Norm => _norm;

    /// <summary>Gets the dropout layer (registered as <c>dropout</c>), or <see langword="null"/> when the probability is 0.</summary>
    internal TorchSharp.Modules.Dropout? DropoutLayer => _dropout;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = _linear.call(input);
        if (_norm is not null)
        {
            current = ForwardChain.Next(current, true, _norm.call);
        }

        if (Activation != Activation.None)
        {
            current = ForwardChain.Next(current, true, x => ActivationNames.Apply(Activation, x));
        }

        if (_dropout is not null)
        {
            current = ForwardChain.Next(current, true, _dropout.call);
        }

        return Residual ? ForwardChain.Next(current, true, x => x.add(input)) : current;
    }
}
