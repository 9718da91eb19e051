using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// The MobileNetV2/V3 inverted residual block (<see cref="InvertedResidual"/>): 1×1 expansion to
/// <c>hidden = c_in·expansion</c> channels (absent for expansion 1), k×k depthwise convolution with the stride,
/// optional squeeze-excitation with <c>MakeDivisible(hidden/4, 8)</c> squeeze channels, 1×1 linear projection,
/// identity shortcut when the stride is 1 and the channel counts match.
/// </summary>
/// <remarks>
/// <para>
/// Parameters: expand c_in·h + 2h; depthwise k²·h + 2h; SE 2·h·s + s + h; project h·c_out + 2·c_out. MACs: expand
/// c_in·h·H·W; depthwise k²·h·H'·W'; SE 2·h·s; project h·c_out·H'·W'.
/// </para>
/// <para>
/// Peak memory: the input stays alive until the shortcut addition (or until its last reader without a shortcut);
/// the expanded, depthwise and projected tensors live one after the other, each allocated while its input is alive;
/// the SE's pooled, squeezed and gate vectors are small and live during the gate.
/// </para>
/// </remarks>
public sealed class InvertedResidualNode : NetworkNode
{
    /// <summary>The JSON type name: <c>inverted_residual</c>.</summary>
    public const string TypeName = "inverted_residual";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <param name="outChannels">The output channels (at least 1).</param>
    /// <param name="kernel">The depthwise kernel size (odd).</param>
    /// <param name="expansion">The expansion ratio (at least 1).</param>
    /// <param name="stride">The depthwise stride; 1 by default.</param>
    /// <param name="squeezeExcite">Whether to add squeeze-excitation; <see langword="false"/> by default.</param>
    /// <param name="activation">The activation of the expansion and depthwise layers; ReLU by default.</param>
    /// <exception cref="ArgumentException">The input is not an image, or a setting is out of range; the message names it.</exception>
    [JsonConstructor]
    public InvertedResidualNode(
        InputShape input, int outChannels, int kernel, int expansion, int stride = 1, bool squeezeExcite = false, Activation activation = Activation.ReLU)
        : base(input, OutputOf(input, outChannels, kernel, expansion, stride))
    {
        OutChannels = outChannels;
        Kernel = kernel;
        Expansion = expansion;
        Stride = stride;
        SqueezeExcite = squeezeExcite;
        Activation = activation;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets the output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Gets the depthwise kernel size.</summary>
    public int Kernel { get; }

    /// <summary>Gets the expansion ratio.</summary>
    public int Expansion { get; }

    /// <summary>Gets the depthwise stride.</summary>
    public int Stride { get; }

    /// <summary>Gets whether the block has squeeze-excitation.</summary>
    public bool SqueezeExcite { get; }

    /// <summary>Gets the activation of the expansion and depthwise layers.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the hidden (expanded) channels: input channels times the expansion ratio.</summary>
    [JsonIgnore]
    public int HiddenChannels => Input.Channels * Expansion;

    /// <summary>Gets the squeeze-excitation width (MakeDivisible(hidden / 4, 8)), or 0 without squeeze-excitation.</summary>
    [JsonIgnore]
    public int SqueezeChannels => SqueezeExcite ? Channels.MakeDivisible(HiddenChannels / 4.0) : 0;

    /// <summary>Gets whether the block adds its input to its output (stride 1 and equal channel counts).</summary>
    [JsonIgnore]
    public bool HasShortcut => Stride == 1 && Input.Channels == OutChannels;

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() =>
        new InvertedResidual(Input.Channels, OutChannels, Kernel, Expansion, Stride, SqueezeChannels, Activation);

    /// <inheritdoc/>
    private protected override long CountParameters()
    {
        long hidden = HiddenChannels;
        long squeeze = SqueezeChannels;
        long expand = Expansion == 1 ? 0 : (Input.Channels * hidden) + (2 * hidden);
        long depthwise = ((long)Kernel * Kernel * hidden) + (2 * hidden);
        long squeezeExcite = SqueezeExcite ? (2 * hidden * squeeze) + squeeze + hidden : 0;
        long project = (hidden * OutChannels) + (2L * OutChannels);
        return expand + depthwise + squeezeExcite + project;
    }

    /// <inheritdoc/>
    private protected override long CountMacs()
    {
        long hidden = HiddenChannels;
        long expand = Expansion == 1 ? 0 : Input.Channels * hidden * Area(Input);
        long depthwise = (long)Kernel * Kernel * hidden * Area(Output);
        long squeezeExcite = 2 * hidden * SqueezeChannels;
        long project = hidden * OutChannels * Area(Output);
        return expand + depthwise + squeezeExcite + project;
    }

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        long input = Input.ElementCount;
        long expanded = HiddenChannels * Area(Input);
        long depthwise = HiddenChannels * Area(Output);
        if (Expansion != 1)
        {
            trace.Allocate(expanded);
            FreeInputUnlessShortcut(trace, input);
        }

        trace.Allocate(depthwise);
        if (Expansion != 1)
        {
            trace.Free(expanded);
        }
        else
        {
            FreeInputUnlessShortcut(trace, input);
        }

        if (SqueezeExcite)
        {
            // pooled (hidden) → squeezed (s) → gate (hidden); the product scales the depthwise output in place.
            trace.Allocate(HiddenChannels);
            trace.Allocate(SqueezeChannels);
            trace.Free(HiddenChannels);
            trace.Allocate(HiddenChannels);
            trace.Free(SqueezeChannels);
            trace.Free(HiddenChannels);
        }

        trace.Allocate(Output.ElementCount);
        trace.Free(depthwise);
        if (HasShortcut)
        {
            trace.Free(input);
        }
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() =>
        [("out", OutChannels), ("kernel", Kernel), ("expansion", Expansion), ("stride", Stride), ("se", SqueezeExcite), ("activation", Activation)];

    private void FreeInputUnlessShortcut(MemoryTrace trace, long input)
    {
        if (!HasShortcut)
        {
            trace.Free(input);
        }
    }

    private static InputShape OutputOf(InputShape input, int outChannels, int kernel, int expansion, int stride)
    {
        RequireImage(input, TypeName);
        RequireAtLeast(outChannels, 1, TypeName, nameof(outChannels));
        RequireOddKernel(kernel, TypeName);
        RequireAtLeast(expansion, 1, TypeName, nameof(expansion));
        RequireAtLeast(stride, 1, TypeName, nameof(stride));
        return ConvolvedShape(input, outChannels, kernel, stride);
    }
}
