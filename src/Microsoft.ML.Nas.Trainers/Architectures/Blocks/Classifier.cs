using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The classification (or regression) head: global average pooling of an image input, dropout <c>dropout</c>, and the
/// linear layer <c>fc</c> (with bias) to the outputs.
/// </summary>
/// <remarks>
/// The dropout is an <see cref="TorchSharp.Modules.Dropout"/> child, registered only when its probability is above 0,
/// so <c>eval()</c> (or calling <c>eval()</c> on it alone) turns it off.
/// </remarks>
public sealed partial class Classifier : ExplicitModule
{
    private readonly Linear _fc;
    private readonly TorchSharp.Modules.Dropout? _dropout;

    /// <summary>Initializes the head.</summary>
    /// <param name="inFeatures">The input channels (image) or features (vector).</param>
    /// <param name="outputs">The number of outputs.</param>
    /// <param name="dropout">The dropout probability in [0, 1) before the linear layer (training mode only).</param>
    /// <param name="poolImage">Whether the input is an image to pool globally first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1 or a probability outside [0, 1).</exception>
    public Classifier(int inFeatures, int outputs, double dropout, bool poolImage)
        : base(nameof(Classifier))
    {
        BlockArguments.RequireDropout(dropout, nameof(dropout));
        BlockArguments.RequirePositive(inFeatures, nameof(inFeatures));
        BlockArguments.RequirePositive(outputs, nameof(outputs));
        _fc = nn.Linear(inFeatures, outputs);
        register_module("fc", _fc);
        if (dropout > 0)
        {
            _dropout = nn.Dropout(dropout);
            register_module("dropout", _dropout);
        }

        Dropout = dropout;
        PoolImage = poolImage;
    }

    /// <summary>Gets the dropout probability.</summary>
    public double Dropout { get; }

    /// <summary>Gets whether an image input is pooled globally first.</summary>
    public bool PoolImage { get; }

    /// <summary>Gets the dropout layer (registered as <c>dropout</c>), or <see langword="null"/> when the probability is 0.</summary>
    internal TorchSharp.Modules.Dropout? DropoutLayer => _dropout;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = input;
        if (PoolImage)
        {
            current = nn.functional.adaptive_avg_pool2d(current, 1);
            current = ForwardChain.Next(current, true, x => x.flatten(1));
        }

        if (_dropout is not null)
        {
            current = ForwardChain.Next(current, !ReferenceEquals(current, input), _dropout.call);
        }

        return ForwardChain.Next(current, !ReferenceEquals(current, input), _fc.call);
    }
}
