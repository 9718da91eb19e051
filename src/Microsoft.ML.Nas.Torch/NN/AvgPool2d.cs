namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Two-dimensional average pooling, as <c>torch.nn.AvgPool2d</c>; no parameters.</summary>
public sealed class AvgPool2d : Module
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="kernelSize">The window size (at least 1).</param>
    /// <param name="stride">The window stride; the kernel size by default.</param>
    /// <param name="padding">The implicit zero padding, at most half the kernel; 0 by default.</param>
    /// <param name="ceilMode">Whether to round the output size up instead of down.</param>
    /// <param name="countIncludePad">Whether padded zeros count in the divisor; <see langword="true"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below its minimum, or the padding above half the kernel.</exception>
    public AvgPool2d(Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, bool ceilMode = false, bool countIncludePad = true)
    {
        KernelSize = kernelSize.Require(1, nameof(kernelSize));
        Stride = (stride ?? kernelSize).Require(1, nameof(stride));
        Padding = (padding ?? 0).Require(0, nameof(padding));
        Pooling.RequireHalfKernelPadding(KernelSize, Padding);
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Gets the window size.</summary>
    public Size2d KernelSize { get; }

    /// <summary>Gets the window stride.</summary>
    public Size2d Stride { get; }

    /// <summary>Gets the padding.</summary>
    public Size2d Padding { get; }

    /// <summary>Gets a value indicating whether the output size is rounded up.</summary>
    public bool CeilMode { get; }

    /// <summary>Gets a value indicating whether padded zeros count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <inheritdoc/>
    protected override string ExtraDescription() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
