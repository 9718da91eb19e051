using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// The residual reduction block between NAS-Bench-201 stages (<see cref="NasBench201ReductionBlock"/>): halves the
/// resolution (rounding up) and changes the channel count.
/// </summary>
/// <remarks>
/// Parameters 9·c_in·c_out + 9·c_out² + 4·c_out + c_in·c_out; MACs (9·c_in·c_out + 9·c_out² + c_in·c_out)·h'·w'.
/// Peak memory: the input lives until the shortcut's pooling has read it, so the first ReLU writes a new tensor; the
/// second runs in place; the shortcut (pooled, then projected) is written after the branch and added in place.
/// </remarks>
public sealed class NasBench201ReductionNode : NetworkNode
{
    /// <summary>The JSON type name: <c>nas_bench_201_reduction</c>.</summary>
    public const string TypeName = "nas_bench_201_reduction";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape (at least 2×2).</param>
    /// <param name="outChannels">The output channels (at least 1).</param>
    /// <exception cref="ArgumentException">The input is not an image of at least 2×2, or the channels are below 1.</exception>
    [JsonConstructor]
    public NasBench201ReductionNode(InputShape input, int outChannels)
        : base(input, OutputOf(input, outChannels))
    {
        OutChannels = outChannels;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the output channels.</summary>
    public int OutChannels { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new NasBench201ReductionBlock(Input.Channels, OutChannels);

    /// <inheritdoc/>
    private protected override long CountParameters()
    {
        long inChannels = Input.Channels;
        long outChannels = OutChannels;
        return (9 * inChannels * outChannels) + (9 * outChannels * outChannels) + (4 * outChannels) + (inChannels * outChannels);
    }

    /// <inheritdoc/>
    private protected override long CountMacs()
    {
        long inChannels = Input.Channels;
        long outChannels = OutChannels;
        return ((9 * inChannels * outChannels) + (9 * outChannels * outChannels) + (inChannels * outChannels)) * Area(Output);
    }

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        long input = Input.ElementCount;
        long output = Output.ElementCount;
        long pooled = Input.Channels * Area(Output);
        trace.Allocate(input);   // ReLU of the input, which the shortcut still needs
        trace.Allocate(output);  // conv_a
        trace.Free(input);
        trace.Allocate(output);  // conv_b (its ReLU ran in place on conv_a's output)
        trace.Free(output);
        trace.Allocate(pooled);  // shortcut pooling
        trace.Free(input);
        trace.Allocate(output);  // shortcut 1×1 convolution
        trace.Free(pooled);
        trace.Free(output);      // added into conv_b's output in place
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [("out", OutChannels)];

    private static InputShape OutputOf(InputShape input, int outChannels)
    {
        RequireImage(input, TypeName);
        RequireAtLeast(outChannels, 1, TypeName, nameof(outChannels));
        if (input.Height < 2 || input.Width < 2)
        {
            throw new ArgumentException($"{TypeName}: the input must be at least 2×2 to halve it; found {input.Height}×{input.Width}.", nameof(input));
        }

        return ConvolvedShape(input, outChannels, 3, 2);
    }
}
