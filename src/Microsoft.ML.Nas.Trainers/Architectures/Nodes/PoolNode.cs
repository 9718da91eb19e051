using System.Globalization;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// Max or average pooling over a square window (TorchSharp's <c>nn.MaxPool2d</c> / <c>nn.AvgPool2d</c>); the
/// output size is floor((size + 2·padding − kernel) / stride) + 1.
/// </summary>
/// <remarks>No parameters; MACs 0; peak memory input + output.</remarks>
public sealed class PoolNode : NetworkNode
{
    /// <summary>The JSON type name: <c>pool</c>.</summary>
    public const string TypeName = "pool";

    /// <summary>Initializes the node.</summary>
    /// <param name="input">The input image shape.</param>
    /// <param name="kind">Max or average.</param>
    /// <param name="kernel">The window size (at least 1).</param>
    /// <param name="stride">The stride (at least 1); the kernel size when 0 (the default).</param>
    /// <param name="padding">The padding on each side, at most kernel / 2; 0 by default.</param>
    /// <exception cref="ArgumentException">The input is not an image or is smaller than the window, or a setting is out of range.</exception>
    [JsonConstructor]
    public PoolNode(InputShape input, PoolKind kind, int kernel, int stride = 0, int padding = 0)
        : base(input, OutputOf(input, kernel, stride == 0 ? kernel : stride, padding))
    {
        Kind = kind;
        Kernel = kernel;
        Stride = stride == 0 ? kernel : stride;
        Padding = padding;
    }

    /// <inheritdoc/>
    private protected override string TypeNameCore => TypeName;

    /// <summary>Gets whether the window's maximum or mean is taken.</summary>
    public PoolKind Kind { get; }

    /// <summary>Gets the window size.</summary>
    public int Kernel { get; }

    /// <summary>Gets the stride.</summary>
    public int Stride { get; }

    /// <summary>Gets the padding on each side.</summary>
    public int Padding { get; }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Build() => Kind == PoolKind.Max
        ? nn.MaxPool2d(Kernel, Stride, Padding)
        : nn.AvgPool2d(Kernel, Stride, Padding);

    /// <inheritdoc/>
    private protected override long CountParameters() => 0;

    /// <inheritdoc/>
    private protected override long CountMacs() => 0;

    /// <inheritdoc/>
    private protected override void TraceMemory(MemoryTrace trace)
    {
        trace.Allocate(Output.ElementCount);
        trace.Free(Input.ElementCount);
    }

    /// <inheritdoc/>
    private protected override IEnumerable<(string Name, object Value)> KeySettings() =>
        [("kind", Kind == PoolKind.Max ? "max" : "avg"), ("kernel", Kernel), ("stride", Stride), ("padding", Padding)];

    private static InputShape OutputOf(InputShape input, int kernel, int stride, int padding)
    {
        RequireImage(input, TypeName);
        RequireAtLeast(kernel, 1, TypeName, nameof(kernel));
        RequireAtLeast(stride, 1, TypeName, nameof(stride));
        RequireAtLeast(padding, 0, TypeName, nameof(padding));
        if (padding > kernel / 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(padding), padding, string.Create(CultureInfo.InvariantCulture, $"{TypeName}: the padding must be at most half the kernel ({kernel / 2}); found {padding}."));
        }

        int height = input.Height + (2 * padding);
        int width = input.Width + (2 * padding);
        if (height < kernel || width < kernel)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{TypeName}: a {kernel}×{kernel} window needs an input of at least {kernel}×{kernel} (with padding); found {input.Height}×{input.Width} with padding {padding}."),
                nameof(input));
        }

        return InputShape.Image(
            input.Channels,
            Channels.ConvolvedSize(input.Height, kernel, stride, padding),
            Channels.ConvolvedSize(input.Width, kernel, stride, padding));
    }
}
