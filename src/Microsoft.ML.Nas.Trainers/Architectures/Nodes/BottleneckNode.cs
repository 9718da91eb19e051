using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// The ResNet bottleneck block (<see cref="Bottleneck"/>): 1×1 convolution to the middle width, 3×3 convolution with
/// the stride, 1×1 convolution to the output width, each with batch normalisation, and a shortcut that is a 1×1
/// convolution with batch normalisation when the stride or the channel count changes.
/// </summary>
/// <remarks>
/// Parameters c_in·m + 9·m² + m·c_out + 4·m + 2·c_out (+ c_in·c_out + 2·c_out with downsample). MACs c_in·m·H·W +
/// (9·m² + m·c_out [+ c_in·c_out])·H'·W'. Peak memory: the input lives until the shortcut is taken; each convolution's
/// output is written while its input is alive.
/// </remarks>
public sealed class BottleneckNode : NetworkNode
{
    /// <summary>The JSON type name: <c>bottleneck</c>.</summary>
    public const string TypeName = "bottleneck";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <param name="outChannels">The output channels (at least 1).</param>
    /// <param name="midChannels">The width of the 3×3 convolution (at least 1).</param>
    /// <param name="stride">The stride of the 3×3 convolution; 1 by default.</param>
    /// <exception cref="ArgumentException">The input is not an image, or a setting is out of range.</exception>
    [JsonConstructor]
    public BottleneckNode(InputShape input, int outChannels, int midChannels, int stride = 1)
        : base(input, OutputOf(input, outChannels, midChannels, stride))
    {
        OutChannels = outChannels;
        MidChannels = midChannels;
        Stride = stride;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Gets the width of the 3×3 convolution.</summary>
    public int MidChannels { get; }

    /// <summary>Gets the stride.</summary>
    public int Stride { get; }

    /// <summary>Gets whether the shortcut is a 1×1 convolution (the stride or the channel count changes).</summary>
    [JsonIgnore]
    public bool HasDownsample => Stride != 1 || Input.Channels != OutChannels;

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new Bottleneck(Input.Channels, MidChannels, OutChannels, Stride);

    /// <inheritdoc/>
    private protected override long CountParameters()
    {
        long inChannels = Input.Channels;
        long mid = MidChannels;
        long outChannels = OutChannels;
        long main = (inChannels * mid) + (9 * mid * mid) + (mid * outChannels) + (4 * mid) + (2 * outChannels);
        return main + (HasDownsample ? (inChannels * outChannels) + (2 * outChannels) : 0);
    }

    /// <inheritdoc/>
    private protected override long CountMacs()
    {
        long inChannels = Input.Channels;
        long mid = MidChannels;
        long outChannels = OutChannels;
        long reduced = (9 * mid * mid) + (mid * outChannels) + (HasDownsample ? inChannels * outChannels : 0);
        return (inChannels * mid * Area(Input)) + (reduced * Area(Output));
    }

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        long first = (long)MidChannels * Area(Input);
        long second = (long)MidChannels * Area(Output);
        long output = Output.ElementCount;
        trace.Allocate(first);
        trace.Allocate(second);
        trace.Free(first);
        trace.Allocate(output);
        trace.Free(second);
        if (HasDownsample)
        {
            trace.Allocate(output);
            trace.Free(Input.ElementCount);
            trace.Free(output);
        }
        else
        {
            trace.Free(Input.ElementCount);
        }
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() =>
        [("out", OutChannels), ("mid", MidChannels), ("stride", Stride)];

    private static InputShape OutputOf(InputShape input, int outChannels, int midChannels, int stride)
    {
        RequireImage(input, TypeName);
        RequireAtLeast(outChannels, 1, TypeName, nameof(outChannels));
        RequireAtLeast(midChannels, 1, TypeName, nameof(midChannels));
        RequireAtLeast(stride, 1, TypeName, nameof(stride));
        return ConvolvedShape(input, outChannels, 3, stride);
    }
}
