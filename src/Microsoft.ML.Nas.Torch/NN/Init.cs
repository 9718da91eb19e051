using System.Globalization;
using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// In-place weight initialisers, as <c>torch.nn.init</c>: they overwrite a tensor's values outside autograd (so they
/// work on parameters that require grad) and draw from libtorch's default generator, so <see cref="LibTorch.ManualSeed"/>
/// makes them reproducible and gives the same numbers as PyTorch's initialisers under the same seed.
/// </summary>
/// <remarks>
/// <para>
/// Xavier (Glorot) initialisation — X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward
/// neural networks", AISTATS 2010, https://proceedings.mlr.press/v9/glorot10a.html — keeps the variance of activations
/// and gradients equal across layers: std = gain · √(2 / (fan_in + fan_out)), uniform bound = √3 · std.
/// </para>
/// <para>
/// Kaiming (He) initialisation — K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers: Surpassing
/// Human-Level Performance on ImageNet Classification", ICCV 2015, https://arxiv.org/abs/1502.01852 — accounts for the
/// rectifier halving the variance: std = gain / √fan with fan = fan_in (or fan_out), uniform bound = √3 · std.
/// PyTorch's default for convolution and linear weights is Kaiming uniform with a = √5 (gain √(1/3)), which gives the
/// bound 1 / √fan_in.
/// </para>
/// <para>
/// Fans of a weight [out, in, k1, k2, ...]: fan_in = in · k1 · k2 · …, fan_out = out · k1 · k2 · ….
/// </para>
/// </remarks>
public static class Init
{
    /// <summary>Returns the recommended gain for a nonlinearity, as <c>torch.nn.init.calculate_gain</c>.</summary>
    /// <param name="nonlinearity">The nonlinearity.</param>
    /// <param name="parameter">The negative slope of <see cref="Nonlinearity.LeakyReLU"/>; 0.01 when <see langword="null"/>.</param>
    /// <returns>The gain.</returns>
    public static double CalculateGain(Nonlinearity nonlinearity, double? parameter = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.ReLU => Math.Sqrt(2.0),
        Nonlinearity.LeakyReLU => Math.Sqrt(2.0 / (1.0 + (Math.Pow(parameter ?? 0.01, 2)))),
        Nonlinearity.Selu => 3.0 / 4.0,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };

    /// <summary>Computes a weight's fans (see the class remarks).</summary>
    /// <param name="tensor">A weight with at least two dimensions, [out, in, ...].</param>
    /// <returns>The fan-in and fan-out.</returns>
    /// <exception cref="ArgumentException">The tensor has fewer than two dimensions.</exception>
    public static (long FanIn, long FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        if (shape.Length < 2)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Fans need a tensor with at least 2 dimensions; this one has {shape.Length}."),
                nameof(tensor));
        }

        long receptiveField = 1;
        for (var i = 2; i < shape.Length; i++)
        {
            receptiveField *= shape[i];
        }

        return (shape[1] * receptiveField, shape[0] * receptiveField);
    }

    /// <summary>Fills the tensor with samples from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <param name="tensor">The floating-point tensor to overwrite.</param>
    /// <param name="low">The lower bound; 0 by default.</param>
    /// <param name="high">The upper bound; 1 by default.</param>
    /// <exception cref="ArgumentException"><paramref name="low"/> is greater than <paramref name="high"/>.</exception>
    public static void Uniform(Tensor tensor, double low = 0.0, double high = 1.0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!(low <= high))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The lower bound {low} exceeds the upper bound {high}."), nameof(low));
        }

        NativeMethods.Check(NativeMethods.NNInitUniform(tensor.Handle, low, high));
        GC.KeepAlive(tensor);
    }

    /// <summary>Fills the tensor with samples from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    /// <param name="tensor">The floating-point tensor to overwrite.</param>
    /// <param name="mean">The mean; 0 by default.</param>
    /// <param name="std">The standard deviation; 1 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative.</exception>
    public static void Normal(Tensor tensor, double mean = 0.0, double std = 1.0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentOutOfRangeException.ThrowIfNegative(std);
        NativeMethods.Check(NativeMethods.NNInitNormal(tensor.Handle, mean, std));
        GC.KeepAlive(tensor);
    }

    /// <summary>Fills the tensor with <paramref name="value"/>.</summary>
    /// <param name="tensor">The tensor to overwrite.</param>
    /// <param name="value">The value.</param>
    public static void Constant(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        NativeMethods.Check(NativeMethods.NNInitConstant(tensor.Handle, value));
        GC.KeepAlive(tensor);
    }

    /// <summary>Fills the tensor with zeros.</summary>
    /// <param name="tensor">The tensor to overwrite.</param>
    public static void Zeros(Tensor tensor) => Constant(tensor, 0.0);

    /// <summary>Fills the tensor with ones.</summary>
    /// <param name="tensor">The tensor to overwrite.</param>
    public static void Ones(Tensor tensor) => Constant(tensor, 1.0);

    /// <summary>Xavier/Glorot uniform: U(−b, b) with b = gain · √(6 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">The weight to overwrite, at least two dimensions.</param>
    /// <param name="gain">The scaling factor; 1 by default.</param>
    public static void XavierUniform(Tensor tensor, double gain = 1.0)
    {
        var std = XavierStd(tensor, gain);
        var bound = Math.Sqrt(3.0) * std;
        Uniform(tensor, -bound, bound);
    }

    /// <summary>Xavier/Glorot normal: N(0, std²) with std = gain · √(2 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">The weight to overwrite, at least two dimensions.</param>
    /// <param name="gain">The scaling factor; 1 by default.</param>
    public static void XavierNormal(Tensor tensor, double gain = 1.0) => Normal(tensor, 0.0, XavierStd(tensor, gain));

    /// <summary>Kaiming/He uniform: U(−b, b) with b = √3 · gain / √fan.</summary>
    /// <param name="tensor">The weight to overwrite, at least two dimensions; a tensor with no elements is left alone.</param>
    /// <param name="a">The negative slope of the leaky ReLU that follows (used with <see cref="Nonlinearity.LeakyReLU"/>); 0 by default.</param>
    /// <param name="mode">Which fan to use; <see cref="FanMode.FanIn"/> by default.</param>
    /// <param name="nonlinearity">The nonlinearity that follows; <see cref="Nonlinearity.LeakyReLU"/> by default (with a = 0, ReLU).</param>
    public static void KaimingUniform(
        Tensor tensor, double a = 0.0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyReLU)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.NumberOfElements == 0)
        {
            return;
        }

        var bound = Math.Sqrt(3.0) * KaimingStd(tensor, a, mode, nonlinearity);
        Uniform(tensor, -bound, bound);
    }

    /// <summary>Kaiming/He normal: N(0, std²) with std = gain / √fan.</summary>
    /// <param name="tensor">The weight to overwrite, at least two dimensions; a tensor with no elements is left alone.</param>
    /// <param name="a">The negative slope of the leaky ReLU that follows (used with <see cref="Nonlinearity.LeakyReLU"/>); 0 by default.</param>
    /// <param name="mode">Which fan to use; <see cref="FanMode.FanIn"/> by default.</param>
    /// <param name="nonlinearity">The nonlinearity that follows; <see cref="Nonlinearity.LeakyReLU"/> by default (with a = 0, ReLU).</param>
    public static void KaimingNormal(
        Tensor tensor, double a = 0.0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyReLU)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.NumberOfElements == 0)
        {
            return;
        }

        Normal(tensor, 0.0, KaimingStd(tensor, a, mode, nonlinearity));
    }

    /// <summary>PyTorch's default bias initialisation for a layer with this weight: U(−1/√fan_in, 1/√fan_in).</summary>
    internal static void DefaultBias(Tensor bias, Tensor weight)
    {
        var (fanIn, _) = CalculateFanInAndFanOut(weight);
        var bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0;
        Uniform(bias, -bound, bound);
    }

    private static double XavierStd(Tensor tensor, double gain)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    }

    private static double KaimingStd(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        var fan = mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown fan mode."),
        };
        return CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
    }
}
