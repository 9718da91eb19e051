using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// A fully connected layer of a tabular network (<see cref="DenseBlock"/>): linear (with bias), optional batch
/// normalisation, activation, dropout, optional identity shortcut.
/// </summary>
/// <remarks>Parameters in·out + out (+ 2·out with batch normalisation); MACs in·out; peak memory in + out.</remarks>
public sealed class DenseNode : NetworkNode
{
    /// <summary>The JSON type name: <c>dense</c>.</summary>
    public const string TypeName = "dense";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input feature-vector shape.</param>
    /// <param name="outFeatures">The output width (at least 1).</param>
    /// <param name="activation">The activation; ReLU by default.</param>
    /// <param name="dropout">The dropout probability in [0, 1); 0 by default.</param>
    /// <param name="normalization">The normalisation; none by default.</param>
    /// <param name="residual">Whether to add the input to the output (needs equal widths); <see langword="false"/> by default.</param>
    /// <exception cref="ArgumentException">The input is not a vector, a setting is out of range, or a residual connection joins different widths.</exception>
    [JsonConstructor]
    public DenseNode(
        InputShape input, int outFeatures, Activation activation = Activation.ReLU, double dropout = 0.0,
        Normalization normalization = Normalization.None, bool residual = false)
        : base(input, OutputOf(input, outFeatures, dropout, residual))
    {
        OutFeatures = outFeatures;
        Activation = activation;
        Dropout = dropout;
        Normalization = normalization;
        Residual = residual;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the dropout probability (training only; not part of the latency key).</summary>
    public double Dropout { get; }

    /// <summary>Gets the normalisation.</summary>
    public Normalization Normalization { get; }

    /// <summary>Gets whether the input is added to the output.</summary>
    public bool Residual { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() =>
        new DenseBlock(Input.Channels, OutFeatures, Activation, Dropout, Normalization == Normalization.Batch, Residual);

    /// <inheritdoc/>
    private protected override long CountParameters() =>
        ((long)Input.Channels * OutFeatures) + OutFeatures + (Normalization == Normalization.Batch ? 2L * OutFeatures : 0);

    /// <inheritdoc/>
    private protected override long CountMacs() => (long)Input.Channels * OutFeatures;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        trace.Allocate(OutFeatures);
        trace.Free(Input.Channels);
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() =>
        [("out", OutFeatures), ("activation", Activation), ("norm", Normalization == Normalization.Batch ? "batch" : "none"), ("residual", Residual)];

    private static InputShape OutputOf(InputShape input, int outFeatures, double dropout, bool residual)
    {
        RequireVector(input, TypeName);
        RequireAtLeast(outFeatures, 1, TypeName, nameof(outFeatures));
        RequireDropout(dropout, TypeName);
        if (residual && input.Channels != outFeatures)
        {
            throw new ArgumentException(
                $"{TypeName}: a residual connection needs equal widths; found {input.Channels} in and {outFeatures} out.", nameof(residual));
        }

        return InputShape.Vector(outFeatures);
    }
}
