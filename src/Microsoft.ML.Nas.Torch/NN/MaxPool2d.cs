namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Two-dimensional max pooling, as <c>torch.nn.MaxPool2d</c>; no parameters.</summary>
public sealed class MaxPool2d : Module
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="kernelSize">The window size (at least 1).</param>
    /// <param name="stride">The window stride; the kernel size by default.</param>
    /// <param name="padding">The implicit negative-infinity padding, at most half the kernel; 0 by default.</param>
    /// <param name="dilation">The spacing between window elements; 1 by default.</param>
    /// <param name="ceilMode">Whether to round the output size up instead of down.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below its minimum, or the padding above half the kernel.</exception>
    public MaxPool2d(Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? dilation = null, bool ceilMode = false)
    {
        KernelSize = kernelSize.Require(1, nameof(kernelSize));
        Stride = (stride ?? kernelSize).Require(1, nameof(stride));
        Padding = (padding ?? 0).Require(0, nameof(padding));
        Dilation = (dilation ?? 1).Require(1, nameof(dilation));
        Pooling.RequireHalfKernelPadding(KernelSize, Padding);
        CeilMode = ceilMode;
    }

    /// <summary>Gets the window size.</summary>
    public Size2d KernelSize { get; }

    /// <summary>Gets the window stride.</summary>
    public Size2d Stride { get; }

    /// <summary>Gets the padding.</summary>
    public Size2d Padding { get; }

    /// <summary>Gets the dilation.</summary>
    public Size2d Dilation { get; }

    /// <summary>Gets a value indicating whether the output size is rounded up.</summary>
    public bool CeilMode { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraDescription() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={(CeilMode ? "True" : "False")}";
}
