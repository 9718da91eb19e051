using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// A standalone squeeze-and-excitation block (<see cref="Blocks.SqueezeExcite"/>): the output has the input's shape.
/// </summary>
/// <remarks>
/// Parameters 2·c·s + s + c; MACs 2·c·s; peak memory input + c + s (the pooled vector and the squeezed vector, then
/// the squeezed vector and the gate; the product is written in place).
/// </remarks>
public sealed class SqueezeExciteNode : NetworkNode
{
    /// <summary>The JSON type name: <c>squeeze_excite</c>.</summary>
    public const string TypeName = "squeeze_excite";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <param name="squeezeChannels">The squeeze width (at least 1).</param>
    /// <exception cref="ArgumentException">The input is not an image, or the width is below 1.</exception>
    [JsonConstructor]
    public SqueezeExciteNode(InputShape input, int squeezeChannels)
        : base(RequireImage(input, TypeName), input)
    {
        SqueezeChannels = RequireAtLeast(squeezeChannels, 1, TypeName, nameof(squeezeChannels));
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the squeeze width.</summary>
    public int SqueezeChannels { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new SqueezeExcite(Input.Channels, SqueezeChannels);

    /// <inheritdoc/>
    private protected override long CountParameters() => (2L * Input.Channels * SqueezeChannels) + SqueezeChannels + Input.Channels;

    /// <inheritdoc/>
    private protected override long CountMacs() => 2L * Input.Channels * SqueezeChannels;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        trace.Allocate(Input.Channels);
        trace.Allocate(SqueezeChannels);
        trace.Free(Input.Channels);
        trace.Allocate(Input.Channels);
        trace.Free(SqueezeChannels);
        trace.Free(Input.Channels);
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [("squeeze", SqueezeChannels)];
}
