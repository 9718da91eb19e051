using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// The ResNet basic block (<see cref="BasicBlock"/>): two 3×3 convolutions with batch normalisation, the first with
/// the stride, and a shortcut that is a 1×1 convolution with batch normalisation when the stride or the channel count
/// changes (<see cref="HasDownsample"/>).
/// </summary>
/// <remarks>
/// Parameters 9·c_in·c_out + 9·c_out² + 4·c_out (+ c_in·c_out + 2·c_out with downsample). MACs (9·c_in·c_out +
/// 9·c_out² [+ c_in·c_out])·H'·W'. Peak memory: the input lives until the shortcut is taken; the two convolution outputs
/// overlap while the second is written; the downsampled shortcut is written after the branch.
/// </remarks>
public sealed class BasicBlockNode : NetworkNode
{
    /// <summary>The JSON type name: <c>basic_block</c>.</summary>
    public const string TypeName = "basic_block";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <param name="outChannels">The output channels (at least 1).</param>
    /// <param name="stride">The stride of the first convolution; 1 by default.</param>
    /// <exception cref="ArgumentException">The input is not an image, or a setting is out of range.</exception>
    [JsonConstructor]
    public BasicBlockNode(InputShape input, int outChannels, int stride = 1)
        : base(input, OutputOf(input, outChannels, stride))
    {
        OutChannels = outChannels;
        Stride = stride;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Gets the stride.</summary>
    public int Stride { get; }

    /// <summary>Gets whether the shortcut is a 1×1 convolution (the stride or the channel count changes).</summary>
    [JsonIgnore]
    public bool HasDownsample => Stride != 1 || Input.Channels != OutChannels;

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new BasicBlock(Input.Channels, OutChannels, Stride);

    /// <inheritdoc/>
    private protected override long CountParameters()
    {
        long inChannels = Input.Channels;
        long outChannels = OutChannels;
        long main = (9 * inChannels * outChannels) + (9 * outChannels * outChannels) + (4 * outChannels);
        return main + (HasDownsample ? (inChannels * outChannels) + (2 * outChannels) : 0);
    }

    /// <inheritdoc/>
    private protected override long CountMacs()
    {
        long inChannels = Input.Channels;
        long outChannels = OutChannels;
        long perPosition = (9 * inChannels * outChannels) + (9 * outChannels * outChannels) + (HasDownsample ? inChannels * outChannels : 0);
        return perPosition * Area(Output);
    }

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        long output = Output.ElementCount;
        trace.Allocate(output);
        trace.Allocate(output);
        trace.Free(output);
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
    private protected override IEnumerable<(string Name, object Value)> KeySettings() => [("out", OutChannels), ("stride", Stride)];

    private static InputShape OutputOf(InputShape input, int outChannels, int stride)
    {
        RequireImage(input, TypeName);
        RequireAtLeast(outChannels, 1, TypeName, nameof(outChannels));
        RequireAtLeast(stride, 1, TypeName, nameof(stride));
        return ConvolvedShape(input, outChannels, 3, stride);
    }
}
