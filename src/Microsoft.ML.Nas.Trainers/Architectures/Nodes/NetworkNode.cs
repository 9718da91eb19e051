using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// One layer or block of a <see cref="NetworkDescription"/>: a torch-free, immutable, JSON-serializable description
/// that knows its output shape, exact parameter count, MACs and peak activation memory, has a stable latency
/// lookup key, and builds its TorchSharp module (<see cref="Build"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>MACs</b> (multiply-accumulates of one batch-1 inference) count convolutions as
/// <c>k_h·k_w·(c_in/groups)·c_out·h_out·w_out</c> and fully connected layers as <c>in·out</c>, including the 1×1
/// convolutions of squeeze-excitation; batch normalisation, activations, pooling, additions, multiplications by a gate
/// and biases count 0 (the fvcore / thop convention).
/// </para>
/// <para>
/// <b>Peak memory</b> is the largest number of float32 activation bytes alive at once while the node runs for one
/// sample, its input and output included, under these rules: an operation's output is allocated while its inputs are
/// alive; a tensor is freed right after its last reader; batch normalisation is folded into the convolution or linear
/// layer before it, and activations, the squeeze-excitation gate product and residual additions run in place into a
/// tensor nobody else reads (an activation that reads a tensor still needed later, as the pre-activation of a NAS-Bench-201
/// edge, writes a new one); weights are not counted (they are <see cref="Parameters"/>). A network's peak is the largest
/// node peak, because only one tensor passes between consecutive nodes.
/// </para>
/// <para>
/// <b>Latency key</b>: <c>type|in=CxHxW|name=value|...</c> with every setting that changes inference work, in a fixed
/// order (dropout, which is the identity at inference, is left out), for example
/// <c>inverted_residual|in=16x28x28|out=24|kernel=5|expansion=4|stride=2|se=true|activation=hardswish</c>, as
/// Once-for-All's per-block latency tables key their entries. The batch size and the device are not part of it.
/// </para>
/// <para>
/// JSON: <c>{"type":"conv_bn_act","input":[1,28,28],"outChannels":16,...}</c>; only the settings are written, the
/// derived values (output, costs, key) are recomputed on reading.
/// </para>
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ConvBnActNode), ConvBnActNode.TypeName)]
[JsonDerivedType(typeof(InvertedResidualNode), InvertedResidualNode.TypeName)]
[JsonDerivedType(typeof(SqueezeExciteNode), SqueezeExciteNode.TypeName)]
[JsonDerivedType(typeof(BasicBlockNode), BasicBlockNode.TypeName)]
[JsonDerivedType(typeof(BottleneckNode), BottleneckNode.TypeName)]
[JsonDerivedType(typeof(DenseNode), DenseNode.TypeName)]
[JsonDerivedType(typeof(ClassifierNode), ClassifierNode.TypeName)]
[JsonDerivedType(typeof(BatchNormActNode), BatchNormActNode.TypeName)]
[JsonDerivedType(typeof(PoolNode), PoolNode.TypeName)]
[JsonDerivedType(typeof(FlattenNode), FlattenNode.TypeName)]
[JsonDerivedType(typeof(NasBench201CellNode), NasBench201CellNode.TypeName)]
[JsonDerivedType(typeof(NasBench201ReductionNode), NasBench201ReductionNode.TypeName)]
[JsonDerivedType(typeof(ModuleNode), ModuleNode.TypeName)]
public abstract class NetworkNode
{
    /// <summary>The bytes of one activation value (float32).</summary>
    public const int BytesPerElement = 4;

    private long? _parameters;
    private long? _macs;
    private long? _peakElements;
    private string? _latencyKey;

    private protected NetworkNode(InputShape input, InputShape output)
    {
        Input = input;
        Output = output;
    }

    /// <summary>Gets the node's type name, the JSON discriminator (for example <c>conv_bn_act</c>).</summary>
    [JsonIgnore]
    public string NodeType => TypeNameCore;

    /// <summary>Gets the per-sample shape the node reads.</summary>
    [JsonPropertyOrder(-1)]
    public InputShape Input { get; }

    /// <summary>Gets the per-sample shape the node writes.</summary>
    [JsonIgnore]
    public InputShape Output { get; }

    /// <summary>Gets the exact number of trainable parameters of the built module.</summary>
    [JsonIgnore]
    public long Parameters => _parameters ??= CountParameters();

    /// <summary>Gets the multiply-accumulates of one batch-1 inference (see remarks for the convention).</summary>
    [JsonIgnore]
    public long Macs => _macs ??= CountMacs();

    /// <summary>Gets the peak activation memory in bytes of one batch-1 float32 inference of this node, its input and output included.</summary>
    [JsonIgnore]
    public long PeakMemoryBytes => BytesPerElement * (_peakElements ??= TracePeak());

    /// <summary>Gets the stable latency lookup key: type, input resolution and every inference setting (see remarks).</summary>
    [JsonIgnore]
    public string LatencyKey => _latencyKey ??= MakeLatencyKey();

    /// <summary>Builds the node's module, freshly initialised (PyTorch's default initialisation).</summary>
    /// <returns>A new module that the caller owns; it maps [N, ...Input] to [N, ...Output].</returns>
    public abstract nn.Module<Tensor, Tensor> Build();

    /// <summary>Returns the latency key.</summary>
    /// <returns>The key.</returns>
    public override string ToString() => LatencyKey;

    /// <summary>Gets the node's type name (its <c>TypeName</c> constant).</summary>
    private protected abstract string TypeNameCore { get; }

    /// <summary>Counts the trainable parameters.</summary>
    private protected abstract long CountParameters();

    /// <summary>Counts the multiply-accumulates.</summary>
    private protected abstract long CountMacs();

    /// <summary>Replays the node's allocations on a trace that starts with the input alive.</summary>
    private protected abstract void TraceMemory(MemoryTrace trace);

    /// <summary>Lists the settings that go into the latency key, in a fixed order.</summary>
    private protected abstract IEnumerable<(string Name, object Value)> KeySettings();

    /// <summary>Throws unless <paramref name="input"/> is an image.</summary>
    private protected static InputShape RequireImage(InputShape input, string nodeType)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.IsImage
            ? input
            : throw new ArgumentException(
                $"{nodeType}: expected an image input [channels, height, width]; found {input}.", nameof(input));
    }

    /// <summary>Throws unless <paramref name="input"/> is a feature vector.</summary>
    private protected static InputShape RequireVector(InputShape input, string nodeType)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.IsVector
            ? input
            : throw new ArgumentException(
                $"{nodeType}: expected a feature-vector input [features]; found {input} (add a flatten node or a classifier).", nameof(input));
    }

    /// <summary>Throws unless <paramref name="value"/> is at least <paramref name="minimum"/>.</summary>
    private protected static int RequireAtLeast(int value, int minimum, string nodeType, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(
                name, value, string.Create(CultureInfo.InvariantCulture, $"{nodeType}: {name} must be at least {minimum}; found {value}."));
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="kernel"/> is odd and at least 1 (so that padding kernel/2 keeps the size at stride 1).</summary>
    private protected static int RequireOddKernel(int kernel, string nodeType)
    {
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(kernel), kernel, string.Create(CultureInfo.InvariantCulture, $"{nodeType}: the kernel must be odd and at least 1; found {kernel}."));
        }

        return kernel;
    }

    /// <summary>Throws unless <paramref name="dropout"/> lies in [0, 1).</summary>
    private protected static double RequireDropout(double dropout, string nodeType)
    {
        if (!(dropout >= 0.0 && dropout < 1.0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(dropout), dropout, string.Create(CultureInfo.InvariantCulture, $"{nodeType}: the dropout probability must lie in [0, 1); found {dropout}."));
        }

        return dropout;
    }

    /// <summary>The output shape of a same-padded (padding kernel/2) convolution.</summary>
    private protected static InputShape ConvolvedShape(InputShape input, int outChannels, int kernel, int stride) =>
        InputShape.Image(
            outChannels,
            Channels.ConvolvedSize(input.Height, kernel, stride, kernel / 2),
            Channels.ConvolvedSize(input.Width, kernel, stride, kernel / 2));

    /// <summary>The spatial size of an image shape (height times width).</summary>
    private protected static long Area(InputShape shape) => (long)shape.Height * shape.Width;

    private long TracePeak()
    {
        var trace = new MemoryTrace(Input.ElementCount);
        TraceMemory(trace);
        return trace.Peak;
    }

    private string MakeLatencyKey()
    {
        var builder = new StringBuilder(NodeType).Append("|in=").Append(Input.ToKey());
        foreach (var (name, value) in KeySettings())
        {
            builder.Append('|').Append(name).Append('=').Append(FormatKeyValue(value));
        }

        return builder.ToString();
    }

    private static string FormatKeyValue(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        Activation activation => ActivationNames.Name(activation),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
