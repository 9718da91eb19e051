using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// Convolution (same padding kernel/2, no bias), batch normalisation and activation (<see cref="ConvBnAct"/>): stems,
/// heads and plain convolutional layers.
/// </summary>
/// <remarks>
/// Parameters k²·(c_in/g)·c_out + 2·c_out; MACs k²·(c_in/g)·c_out·h_out·w_out; peak memory input + output.
/// </remarks>
public sealed class ConvBnActNode : NetworkNode
{
    /// <summary>The JSON type name: <c>conv_bn_act</c>.</summary>
    public const string TypeName = "conv_bn_act";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <param name="outChannels">The output channels (at least 1, divisible by <paramref name="groups"/>).</param>
    /// <param name="kernel">The square kernel size (odd).</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="groups">The channel groups, dividing both channel counts; 1 by default.</param>
    /// <param name="activation">The activation; ReLU by default.</param>
    /// <exception cref="ArgumentException">The input is not an image, or a setting is out of range; the message names it.</exception>
    [JsonConstructor]
    public ConvBnActNode(InputShape input, int outChannels, int kernel, int stride = 1, int groups = 1, Activation activation = Activation.ReLU)
        : base(input, OutputOf(input, outChannels, kernel, stride, groups))
    {
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Groups = groups;
        Activation = activation;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Gets the square kernel size.</summary>
    public int Kernel { get; }

    /// <summary>Gets the stride.</summary>
    public int Stride { get; }

    /// <summary>Gets the channel groups.</summary>
    public int Groups { get; }

    /// <summary>Gets the activation.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => new ConvBnAct(Input.Channels, OutChannels, Kernel, Stride, Groups, Activation);

    /// <inheritdoc/>
    private protected override long CountParameters() =>
        ((long)Kernel * Kernel * (Input.Channels / Groups) * OutChannels) + (2L * OutChannels);

    /// <inheritdoc/>
    private protected override long CountMacs() =>
        (long)Kernel * Kernel * (Input.Channels / Groups) * OutChannels * Area(Output);

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        trace.Allocate(Output.ElementCount);
        trace.Free(Input.ElementCount);
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() =>
        [("out", OutChannels), ("kernel", Kernel), ("stride", Stride), ("groups", Groups), ("activation", Activation)];

    private static InputShape OutputOf(InputShape input, int outChannels, int kernel, int stride, int groups)
    {
        RequireImage(input, TypeName);
        RequireAtLeast(outChannels, 1, TypeName, nameof(outChannels));
        RequireOddKernel(kernel, TypeName);
        RequireAtLeast(stride, 1, TypeName, nameof(stride));
        RequireAtLeast(groups, 1, TypeName, nameof(groups));
        if (input.Channels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(groups), groups,
                string.Create(CultureInfo.InvariantCulture, $"{TypeName}: groups ({groups}) must divide the input channels ({input.Channels}) and the output channels ({outChannels})."));
        }

        return ConvolvedShape(input, outChannels, kernel, stride);
    }
}
