using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// Batch normalisation followed by an activation (<see cref="BatchNormAct"/>), for an image or a feature vector; the
/// output has the input's shape.
/// </summary>
/// <remarks>Parameters 2·c; MACs 0; peak memory the input (both steps run in place).</remarks>
public sealed class BatchNormActNode : NetworkNode
{
    /// <summary>The JSON type name: <c>batch_norm_act</c>.</summary>
    public const string TypeName = "batch_norm_act";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input shape.</param>
    /// <param name="activation">The activation; ReLU by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is <see langword="null"/>.</exception>
    [JsonConstructor]
    public BatchNormActNode(InputShape input, Activation activation = Activation.ReLU)
        : base(input ?? throw new ArgumentNullException(nameof(input)), input)
    {
        Activation = activation;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new BatchNormAct(Input.Channels, Activation, Input.IsImage);

    /// <inheritdoc/>
    private protected override long CountParameters() => 2L * Input.Channels;

    /// <inheritdoc/>
    private protected override long CountMacs() => 0;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [("activation", Activation)];
}
