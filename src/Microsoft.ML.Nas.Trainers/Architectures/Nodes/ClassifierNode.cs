using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// The head (<see cref="Classifier"/>): global average pooling of an image input, dropout, and a linear layer (with
/// bias) to the outputs. The output is <c>[outputs]</c>.
/// </summary>
/// <remarks>
/// Parameters c·outputs + outputs; MACs c·outputs (pooling counts 0); peak memory max(input + c, c + outputs) for an
/// image, input + outputs for a vector.
/// </remarks>
public sealed class ClassifierNode : NetworkNode
{
    /// <summary>The JSON type name: <c>classifier</c>.</summary>
    public const string TypeName = "classifier";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input shape: an image (pooled globally) or a feature vector.</param>
    /// <param name="outputs">The number of outputs (at least 1).</param>
    /// <param name="dropout">The dropout probability in [0, 1) before the linear layer; 0 by default.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    [JsonConstructor]
    public ClassifierNode(InputShape input, int outputs, double dropout = 0.0)
        : base(input, OutputOf(input, outputs, dropout))
    {
        Outputs = outputs;
        Dropout = dropout;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the number of outputs.</summary>
    public int Outputs { get; }

    /// <summary>Gets the dropout probability (training only; not part of the latency key).</summary>
    public double Dropout { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new Classifier(Input.Channels, Outputs, Dropout, Input.IsImage);

    /// <inheritdoc/>
    private protected override long CountParameters() => ((long)Input.Channels * Outputs) + Outputs;

    /// <inheritdoc/>
    private protected override long CountMacs() => (long)Input.Channels * Outputs;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        if (Input.IsImage)
        {
            trace.Allocate(Input.Channels);
            trace.Free(Input.ElementCount);
            trace.Allocate(Outputs);
            trace.Free(Input.Channels);
        }
        else
        {
            trace.Allocate(Outputs);
            trace.Free(Input.ElementCount);
        }
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [("out", Outputs)];

    private static InputShape OutputOf(InputShape input, int outputs, double dropout)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireAtLeast(outputs, 1, TypeName, nameof(outputs));
        RequireDropout(dropout, TypeName);
        return InputShape.Vector(outputs);
    }
}
