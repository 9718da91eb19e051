using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The classification (or regression) head: global average pooling of an image input, dropout, and the linear layer
/// <c>fc</c> (with bias) to the outputs.
/// </summary>
public sealed class Classifier : Module
{
    private readonly Linear _fc;

    /// <summary>Initializes the head.</summary>
    /// <param name="inFeatures">The input channels (image) or features (vector).</param>
    /// <param name="outputs">The number of outputs.</param>
    /// <param name="dropout">The dropout probability in [0, 1) before the linear layer (training mode only).</param>
    /// <param name="poolImage">Whether the input is an image to pool globally first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1 or a probability outside [0, 1).</exception>
    public Classifier(int inFeatures, int outputs, double dropout, bool poolImage)
    {
        if (!(dropout >= 0 && dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "The dropout probability must lie in [0, 1).");
        }

        _fc = RegisterModule("fc", new Linear(inFeatures, outputs));
        Dropout = dropout;
        PoolImage = poolImage;
    }

    /// <summary>Gets the dropout probability.</summary>
    public double Dropout { get; }

    /// <summary>Gets whether an image input is pooled globally first.</summary>
    public bool PoolImage { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = input;
        if (PoolImage)
        {
            current = Functional.AdaptiveAvgPool2d(current, 1);
            current = ForwardChain.Next(current, true, x => Functional.Flatten(x, 1));
        }

        if (Dropout > 0 && IsTraining)
        {
            current = ForwardChain.Next(current, !ReferenceEquals(current, input), x => Functional.Dropout(x, Dropout, training: true));
        }

        return ForwardChain.Next(current, !ReferenceEquals(current, input), _fc.Forward);
    }
}
