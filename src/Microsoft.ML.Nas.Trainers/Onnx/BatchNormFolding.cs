using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// Folds evaluation-mode batch normalisation into the convolution before it, so that inference runs one convolution
/// instead of two layers. <see cref="OnnxExporter"/> does this on export; <see cref="Fold"/> does it for NasML's own
/// inference.
/// </summary>
/// <remarks>
/// S. Ioffe, C. Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate
/// Shift", ICML 2015, https://arxiv.org/abs/1502.03167. In evaluation mode BN is the per-channel affine map
/// y = (x − μ) · γ / √(σ² + ε) + β, with running mean μ and variance σ². Composed with a convolution
/// x = w ∗ u + b it is again a convolution, with per output channel c:
/// w′_c = w_c · s_c and b′_c = (b_c − μ_c) · s_c + β_c, where s_c = γ_c / √(σ²_c + ε)
/// (γ = 1 and β = 0 without affine parameters, b = 0 without a convolution bias). Computed in double precision.
/// </remarks>
public static class BatchNormFolding
{
    /// <summary>
    /// Returns a new convolution (with a bias) that computes <c>batchNorm(convolution(x))</c> of the two layers in
    /// evaluation mode. The layers are not changed; the caller owns the result.
    /// </summary>
    /// <param name="convolution">The convolution.</param>
    /// <param name="batchNorm">The batch normalisation applied to the convolution's output; it needs running statistics.</param>
    /// <returns>The folded convolution, in evaluation mode, on the CPU, float32.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The normalisation has no running statistics, or its channel count differs from the convolution's output channels.
    /// </exception>
    public static Conv2d Fold(Conv2d convolution, BatchNorm2d batchNorm)
    {
        var folded = Compute(convolution, batchNorm);
        var result = new Conv2d(
            convolution.InChannels, convolution.OutChannels, convolution.KernelSize, convolution.Stride,
            convolution.Padding, convolution.Dilation, convolution.Groups, bias: true);
        try
        {
            using var weight = Tensor.FromArray(folded.Weight, convolution.Weight.Shape);
            using var bias = Tensor.FromArray(folded.Bias, convolution.OutChannels);
            result.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = weight, ["bias"] = bias });
            result.Eval();
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>The folded weight [out, in / groups, kH, kW] and bias [out], row-major float32.</summary>
    internal static (float[] Weight, float[] Bias) Compute(Conv2d convolution, BatchNorm2d batchNorm)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        ArgumentNullException.ThrowIfNull(batchNorm);
        if (batchNorm.RunningMean is null || batchNorm.RunningVar is null)
        {
            throw new ArgumentException(
                "Only batch normalisation with running statistics folds into a convolution: without them it normalises with each batch's statistics.",
                nameof(batchNorm));
        }

        if (batchNorm.NumFeatures != convolution.OutChannels)
        {
            throw new ArgumentException(
                $"The batch normalisation has {batchNorm.NumFeatures} channels but the convolution has {convolution.OutChannels} output channels.",
                nameof(batchNorm));
        }

        var channels = (int)convolution.OutChannels;
        var weight = ToDoubles(convolution.Weight);
        var bias = convolution.Bias is { } convolutionBias ? ToDoubles(convolutionBias) : new double[channels];
        var mean = ToDoubles(batchNorm.RunningMean);
        var variance = ToDoubles(batchNorm.RunningVar);
        var gamma = batchNorm.Weight is { } scaleParameter ? ToDoubles(scaleParameter) : Enumerable.Repeat(1.0, channels).ToArray();
        var beta = batchNorm.Bias is { } shift ? ToDoubles(shift) : new double[channels];

        var perChannel = weight.Length / channels;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / Math.Sqrt(variance[c] + batchNorm.Eps);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
            {
                foldedWeight[i] = (float)(weight[i] * scale);
            }

            foldedBias[c] = (float)(((bias[c] - mean[c]) * scale) + beta[c]);
        }

        return (foldedWeight, foldedBias);
    }

    private static double[] ToDoubles(Tensor tensor)
    {
        using var detached = tensor.Detach();
        using var converted = detached.To(ScalarType.Float64);
        return converted.ToArray<double>();
    }
}
