using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>Flattens an image [c, h, w] into a feature vector [c·h·w] (torch's <c>nn.Flatten</c>, a view).</summary>
/// <remarks>No parameters; MACs 0; peak memory the input (a view allocates nothing).</remarks>
public sealed class FlattenNode : NetworkNode
{
    /// <summary>The JSON type name: <c>flatten</c>.</summary>
    public const string TypeName = "flatten";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <exception cref="ArgumentException">The input is not an image.</exception>
    [JsonConstructor]
    public FlattenNode(InputShape input)
        : base(RequireImage(input, TypeName), InputShape.Vector(checked((int)input.ElementCount)))
    {
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => nn.Flatten();

    /// <inheritdoc/>
    private protected override long CountParameters() => 0;

    /// <inheritdoc/>
    private protected override long CountMacs() => 0;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [];
}
