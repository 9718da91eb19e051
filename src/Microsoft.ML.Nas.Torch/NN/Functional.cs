using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Stateless neural-network operations, as <c>torch.nn.functional</c>: each is one libtorch call, takes part in
/// autograd, and returns a new tensor that the caller owns (registered with the current <see cref="DisposeScope"/>).
/// </summary>
/// <remarks>
/// This file holds the layers with weights and the shape-changing ops; activations are in
/// <c>Functional.Activations.cs</c>. Losses are in <see cref="Losses"/>.
/// </remarks>
public static partial class Functional
{
    /// <summary>Two-dimensional convolution (cross-correlation) of an [N, C, H, W] batch, as <c>F.conv2d</c>.</summary>
    /// <param name="input">The input, [N, C_in, H, W] (or unbatched [C_in, H, W]).</param>
    /// <param name="weight">The filters, [C_out, C_in / groups, kH, kW].</param>
    /// <param name="bias">The per-output-channel bias [C_out], or <see langword="null"/> for none.</param>
    /// <param name="stride">The stride; 1 by default.</param>
    /// <param name="padding">The implicit zero padding on both sides; 0 by default.</param>
    /// <param name="dilation">The spacing between kernel elements; 1 by default.</param>
    /// <param name="groups">
    /// The number of blocked connections from input to output channels; C_in for a depthwise convolution. 1 by default.
    /// </param>
    /// <returns>The output [N, C_out, H_out, W_out].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A stride, dilation or group count below 1, or a negative padding.</exception>
    /// <exception cref="TorchException">The shapes do not fit together (libtorch's message).</exception>
    public static Tensor Conv2d(
        Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, Size2d? padding = null,
        Size2d? dilation = null, long groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var s = (stride ?? 1).Require(1, nameof(stride));
        var p = (padding ?? 0).Require(0, nameof(padding));
        var d = (dilation ?? 1).Require(1, nameof(dilation));
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        return Wrap(NativeMethods.NNConv2d(
            input.Handle, weight.Handle, HandleOf(bias), s.Height, s.Width, p.Height, p.Width, d.Height, d.Width, groups),
            input, weight, bias);
    }

    /// <summary>Affine map y = x Wᵀ + b over the last dimension, as <c>F.linear</c>.</summary>
    /// <param name="input">The input [..., in_features].</param>
    /// <param name="weight">The weight [out_features, in_features].</param>
    /// <param name="bias">The bias [out_features], or <see langword="null"/> for none.</param>
    /// <returns>The output [..., out_features].</returns>
    /// <exception cref="TorchException">The shapes do not fit together.</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return Wrap(NativeMethods.NNLinear(input.Handle, weight.Handle, HandleOf(bias)), input, weight, bias);
    }

    /// <summary>
    /// Batch normalisation over dimension 1 (channels) of an [N, C, ...] input, as <c>F.batch_norm</c>. In training mode
    /// the batch statistics normalise the input and, when given, the running statistics are updated in place:
    /// running = (1 − momentum) · running + momentum · batch (the variance unbiased). In evaluation mode the running
    /// statistics normalise the input.
    /// </summary>
    /// <param name="input">The input [N, C] or [N, C, ...].</param>
    /// <param name="runningMean">The running mean [C]; required in evaluation mode.</param>
    /// <param name="runningVar">The running variance [C]; required in evaluation mode.</param>
    /// <param name="weight">The scale γ [C], or <see langword="null"/> for 1.</param>
    /// <param name="bias">The shift β [C], or <see langword="null"/> for 0.</param>
    /// <param name="training">Whether to use batch statistics (and update the running ones); <see langword="false"/> by default.</param>
    /// <param name="momentum">The running statistics' update factor; 0.1 by default.</param>
    /// <param name="eps">Added to the variance for stability; 1e-5 by default.</param>
    /// <returns>The normalised output, the input's shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> outside [0, 1] or <paramref name="eps"/> not positive.</exception>
    /// <exception cref="TorchException">A statistic has the wrong size, or training with one value per channel.</exception>
    public static Tensor BatchNorm(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(momentum, 1.0);
        return BatchNorm(input, runningMean, runningVar, weight, bias, numBatchesTracked: null, training, momentum, eps);
    }

    /// <summary>Randomly zeroes elements with probability <paramref name="p"/> and scales the rest by 1 / (1 − p), as <c>F.dropout</c>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="p">The probability of zeroing an element; 0.5 by default.</param>
    /// <param name="training">Whether to apply dropout; outside training, or inside a <see cref="NoDropoutScope"/>, the input passes unchanged (as a new handle).</param>
    /// <returns>The output, the input's shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> outside [0, 1].</exception>
    /// <remarks>Draws from libtorch's default generator: <see cref="LibTorch.ManualSeed"/> makes the mask reproducible.</remarks>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireProbability(p, nameof(p));
        return Wrap(NativeMethods.NNDropout(input.Handle, p, training && NoDropoutScope.IsDropoutEnabled ? 1 : 0), input);
    }

    /// <summary>Two-dimensional max pooling, as <c>F.max_pool2d</c>.</summary>
    /// <param name="input">The input [N, C, H, W] or [C, H, W].</param>
    /// <param name="kernelSize">The window size.</param>
    /// <param name="stride">The window stride; the kernel size by default.</param>
    /// <param name="padding">The implicit negative-infinity padding on both sides (at most half the kernel); 0 by default.</param>
    /// <param name="dilation">The spacing between window elements; 1 by default.</param>
    /// <param name="ceilMode">Whether to round the output size up instead of down.</param>
    /// <returns>The pooled output.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size below its minimum.</exception>
    /// <exception cref="TorchException">The padding exceeds half the kernel, or the output would be empty.</exception>
    public static Tensor MaxPool2d(
        Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? dilation = null,
        bool ceilMode = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var k = kernelSize.Require(1, nameof(kernelSize));
        var s = (stride ?? k).Require(1, nameof(stride));
        var p = (padding ?? 0).Require(0, nameof(padding));
        var d = (dilation ?? 1).Require(1, nameof(dilation));
        return Wrap(NativeMethods.NNMaxPool2d(
            input.Handle, k.Height, k.Width, s.Height, s.Width, p.Height, p.Width, d.Height, d.Width, ceilMode ? 1 : 0),
            input);
    }

    /// <summary>Two-dimensional average pooling, as <c>F.avg_pool2d</c>.</summary>
    /// <param name="input">The input [N, C, H, W] or [C, H, W].</param>
    /// <param name="kernelSize">The window size.</param>
    /// <param name="stride">The window stride; the kernel size by default.</param>
    /// <param name="padding">The implicit zero padding on both sides (at most half the kernel); 0 by default.</param>
    /// <param name="ceilMode">Whether to round the output size up instead of down.</param>
    /// <param name="countIncludePad">Whether padded zeros count in the average's divisor; <see langword="true"/> by default.</param>
    /// <returns>The pooled output.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size below its minimum.</exception>
    /// <exception cref="TorchException">The padding exceeds half the kernel, or the output would be empty.</exception>
    public static Tensor AvgPool2d(
        Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, bool ceilMode = false,
        bool countIncludePad = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        var k = kernelSize.Require(1, nameof(kernelSize));
        var s = (stride ?? k).Require(1, nameof(stride));
        var p = (padding ?? 0).Require(0, nameof(padding));
        return Wrap(NativeMethods.NNAvgPool2d(
            input.Handle, k.Height, k.Width, s.Height, s.Width, p.Height, p.Width, ceilMode ? 1 : 0, countIncludePad ? 1 : 0),
            input);
    }

    /// <summary>
    /// Average pooling to a fixed output size whatever the input size, as <c>F.adaptive_avg_pool2d</c>; an output size
    /// of 1 is global average pooling.
    /// </summary>
    /// <param name="input">The input [N, C, H, W] or [C, H, W].</param>
    /// <param name="outputSize">The output's height and width.</param>
    /// <returns>The pooled output [N, C, outH, outW].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An output size below 1.</exception>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2d outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = outputSize.Require(1, nameof(outputSize));
        return Wrap(NativeMethods.NNAdaptiveAvgPool2d(input.Handle, o.Height, o.Width), input);
    }

    /// <summary>Merges dimensions <paramref name="startDim"/> to <paramref name="endDim"/> into one, as <c>torch.flatten</c>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="startDim">The first dimension to merge; 0 by default (the <see cref="NN.Flatten"/> layer starts at 1).</param>
    /// <param name="endDim">The last dimension to merge (negative counts from the end); -1 by default.</param>
    /// <returns>The flattened tensor (a view when possible).</returns>
    /// <exception cref="TorchException">A dimension is out of range, or the start comes after the end.</exception>
    public static Tensor Flatten(Tensor input, int startDim = 0, int endDim = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(NativeMethods.NNFlatten(input.Handle, startDim, endDim), input);
    }

    /// <summary>
    /// Batch normalisation with PyTorch's module semantics: <c>numBatchesTracked</c> (an int64 scalar or null) is
    /// incremented in training mode, and a null <c>momentum</c> means the cumulative average 1 / batches.
    /// </summary>
    internal static Tensor BatchNorm(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, Tensor? numBatchesTracked,
        bool training, double? momentum, double eps)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        if (!training && (runningMean is null || runningVar is null))
        {
            throw new ArgumentException(
                "Evaluation-mode batch normalisation needs the running mean and variance.", nameof(runningMean));
        }

        return Wrap(NativeMethods.NNBatchNorm(
            input.Handle, HandleOf(runningMean), HandleOf(runningVar), HandleOf(weight), HandleOf(bias),
            HandleOf(numBatchesTracked), training ? 1 : 0, momentum ?? -1.0, eps),
            input, runningMean, runningVar, weight, bias, numBatchesTracked);
    }

    /// <summary>Returns a new handle to the same tensor (same storage and autograd history).</summary>
    internal static Tensor Alias(Tensor input) => Wrap(NativeMethods.NNAlias(input.Handle), input);

    internal static IntPtr HandleOf(Tensor? tensor) => tensor?.Handle ?? IntPtr.Zero;

    internal static void RequireProbability(double p, string parameterName)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(
                parameterName, p, "A probability must lie in [0, 1].");
        }
    }

    /// <summary>
    /// Wraps a native result. The arguments are the managed tensors whose handles the native call used: keeping them
    /// reachable until here stops the finalizer from releasing a temporary input while libtorch still reads it.
    /// </summary>
    internal static Tensor Wrap(IntPtr handle, params ReadOnlySpan<Tensor?> used)
    {
        foreach (var tensor in used)
        {
            GC.KeepAlive(tensor);
        }

        return new Tensor(NativeMethods.Check(handle));
    }
}
