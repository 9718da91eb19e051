using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise activations and the softmax family.</summary>
public static partial class Functional
{
    /// <summary>max(0, x).</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor ReLU(Tensor input) => Unary(input, NativeMethods.NNRelu);

    /// <summary>min(max(0, x), 6), the activation of MobileNetV2.</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor ReLU6(Tensor input) => Unary(input, NativeMethods.NNRelu6);

    /// <summary>x for x ≥ 0, slope · x otherwise.</summary>
    /// <param name="input">The input.</param>
    /// <param name="negativeSlope">The slope for negative inputs; 0.01 by default.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor LeakyReLU(Tensor input, double negativeSlope = 0.01)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(NativeMethods.NNLeakyRelu(input.Handle, negativeSlope), input);
    }

    /// <summary>x · ReLU6(x + 3) / 6, the activation of MobileNetV3.</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor Hardswish(Tensor input) => Unary(input, NativeMethods.NNHardswish);

    /// <summary>ReLU6(x + 3) / 6, the gate of MobileNetV3's squeeze-and-excitation.</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor Hardsigmoid(Tensor input) => Unary(input, NativeMethods.NNHardsigmoid);

    /// <summary>x · σ(x) (also called swish), the activation of EfficientNet.</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor SiLU(Tensor input) => Unary(input, NativeMethods.NNSilu);

    /// <summary>x · Φ(x), the Gaussian error linear unit.</summary>
    /// <param name="input">The input.</param>
    /// <param name="approximate">Exact (default) or the tanh approximation.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor GELU(Tensor input, GeluApproximation approximate = GeluApproximation.None)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(NativeMethods.NNGelu(input.Handle, approximate == GeluApproximation.Tanh ? 1 : 0), input);
    }

    /// <summary>1 / (1 + e^(−x)).</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor Sigmoid(Tensor input) => Unary(input, NativeMethods.NNSigmoid);

    /// <summary>The hyperbolic tangent.</summary>
    /// <param name="input">The input.</param>
    /// <returns>A new tensor of the input's shape.</returns>
    public static Tensor Tanh(Tensor input) => Unary(input, NativeMethods.NNTanh);

    /// <summary>e^(x_i) / Σ_j e^(x_j) along <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension that sums to one (negative counts from the end).</param>
    /// <returns>A new tensor of the input's shape.</returns>
    /// <exception cref="TorchException">The dimension is out of range.</exception>
    public static Tensor Softmax(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(NativeMethods.NNSoftmax(input.Handle, dim), input);
    }

    /// <summary>log(Softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension (negative counts from the end).</param>
    /// <returns>A new tensor of the input's shape.</returns>
    /// <exception cref="TorchException">The dimension is out of range.</exception>
    public static Tensor LogSoftmax(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(NativeMethods.NNLogSoftmax(input.Handle, dim), input);
    }

    private static Tensor Unary(Tensor input, Func<IntPtr, IntPtr> op)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Wrap(op(input.Handle), input);
    }
}
