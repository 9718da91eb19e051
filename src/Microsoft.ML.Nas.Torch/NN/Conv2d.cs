using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Two-dimensional convolution layer, as <c>torch.nn.Conv2d</c>: parameters <c>weight</c> [out, in / groups, kH, kW]
/// and (optionally) <c>bias</c> [out], initialised as PyTorch does (Kaiming uniform with a = √5, bias
/// U(−1/√fan_in, 1/√fan_in)).
/// </summary>
/// <remarks>With <c>groups</c> equal to both channel counts it is a depthwise convolution.</remarks>
public sealed class Conv2d : Module
{
    /// <summary>Initializes a convolution layer.</summary>
    /// <param name="inChannels">The number of input channels (at least 1).</param>
    /// <param name="outChannels">The number of output channels (at least 1).</param>
    /// <param name="kernelSize">The kernel size.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="padding">The zero padding on both sides; 0 by default.</param>
    /// <param name="dilation">The spacing between kernel elements; 1 by default.</param>
    /// <param name="groups">The number of channel groups, dividing both channel counts; 1 by default.</param>
    /// <param name="bias">Whether to learn an additive bias; <see langword="true"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A count or size below its minimum, or <paramref name="groups"/> not dividing a channel count.
    /// </exception>
    public Conv2d(
        long inChannels, long outChannels, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null,
        Size2d? dilation = null, long groups = 1, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(groups), groups,
                string.Create(CultureInfo.InvariantCulture, $"The groups must divide both inChannels ({inChannels}) and outChannels ({outChannels})."));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize.Require(1, nameof(kernelSize));
        Stride = (stride ?? 1).Require(1, nameof(stride));
        Padding = (padding ?? 0).Require(0, nameof(padding));
        Dilation = (dilation ?? 1).Require(1, nameof(dilation));
        Groups = groups;

        var weight = Tensor.Empty([outChannels, inChannels / groups, KernelSize.Height, KernelSize.Width]);
        Init.KaimingUniform(weight, a: Math.Sqrt(5.0));
        RegisterParameter("weight", weight);
        Weight = weight;
        if (bias)
        {
            var biasTensor = Tensor.Empty([outChannels]);
            Init.DefaultBias(biasTensor, weight);
            RegisterParameter("bias", biasTensor);
            Bias = biasTensor;
        }
        else
        {
            RegisterParameter("bias", null);
        }
    }

    /// <summary>Gets the number of input channels.</summary>
    public long InChannels { get; }

    /// <summary>Gets the number of output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Gets the kernel size.</summary>
    public Size2d KernelSize { get; }

    /// <summary>Gets the stride.</summary>
    public Size2d Stride { get; }

    /// <summary>Gets the zero padding.</summary>
    public Size2d Padding { get; }

    /// <summary>Gets the dilation.</summary>
    public Size2d Dilation { get; }

    /// <summary>Gets the number of channel groups.</summary>
    public long Groups { get; }

    /// <summary>Gets the weight parameter [out, in / groups, kH, kW] (owned by the module).</summary>
    public Tensor Weight { get; }

    /// <summary>Gets the bias parameter [out], or <see langword="null"/> without bias (owned by the module).</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <inheritdoc/>
    protected override string ExtraDescription()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}");
        if (Padding != new Size2d(0))
        {
            text += $", padding={Padding}";
        }

        if (Dilation != new Size2d(1))
        {
            text += $", dilation={Dilation}";
        }

        if (Groups != 1)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", groups={Groups}");
        }

        return Bias is null ? text + ", bias=False" : text;
    }
}
