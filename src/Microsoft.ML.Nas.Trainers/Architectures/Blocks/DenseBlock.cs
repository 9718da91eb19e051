using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// A fully connected layer of a tabular network: <c>linear</c> (with bias), optional batch normalisation <c>norm</c>,
/// activation, dropout, and an optional identity shortcut (input and output widths equal):
/// y = [x +] dropout(act(norm(linear(x)))).
/// </summary>
public sealed class DenseBlock : Module
{
    private readonly Linear _linear;
    private readonly BatchNorm1d? _norm;

    /// <summary>Initializes the block.</summary>
    /// <param name="inFeatures">The input width.</param>
    /// <param name="outFeatures">The output width.</param>
    /// <param name="activation">The activation.</param>
    /// <param name="dropout">The dropout probability in [0, 1) (applied in training mode only).</param>
    /// <param name="batchNorm">Whether to normalise the linear layer's output.</param>
    /// <param name="residual">Whether to add the input to the output; needs equal widths.</param>
    /// <exception cref="ArgumentException"><paramref name="residual"/> with different widths.</exception>
    public DenseBlock(int inFeatures, int outFeatures, Activation activation, double dropout, bool batchNorm, bool residual)
    {
        if (residual && inFeatures != outFeatures)
        {
            throw new ArgumentException(
                $"DenseBlock: a residual connection needs equal widths; found {inFeatures} in and {outFeatures} out.", nameof(residual));
        }

        if (!(dropout >= 0 && dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "The dropout probability must lie in [0, 1).");
        }

        _linear = RegisterModule("linear", new Linear(inFeatures, outFeatures));
        if (batchNorm)
        {
            _norm = RegisterModule("norm", new BatchNorm1d(outFeatures));
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

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = _linear.Forward(input);
        if (_norm is not null)
        {
            current = ForwardChain.Next(current, true, _norm.Forward);
        }

        if (Activation != Activation.None)
        {
            current = ForwardChain.Next(current, true, x => ActivationNames.Apply(Activation, x));
        }

        if (Dropout > 0 && IsTraining)
        {
            current = ForwardChain.Next(current, true, x => Functional.Dropout(x, Dropout, training: true));
        }

        return Residual ? ForwardChain.Next(current, true, x => x.Add(input)) : current;
    }
}
