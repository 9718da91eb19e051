namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Average pooling to a fixed output size whatever the input size, as <c>torch.nn.AdaptiveAvgPool2d</c>; with output
/// size 1 it is the global average pooling before a classifier. No parameters.
/// </summary>
public sealed class AdaptiveAvgPool2d : Module
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="outputSize">The output's height and width (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An output size below 1.</exception>
    public AdaptiveAvgPool2d(Size2d outputSize)
    {
        OutputSize = outputSize.Require(1, nameof(outputSize));
    }

    /// <summary>Gets the output's height and width.</summary>
    public Size2d OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraDescription() => $"output_size={OutputSize}";
}
