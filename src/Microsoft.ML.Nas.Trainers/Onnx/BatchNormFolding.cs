using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

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
    /// The normalisation has no running statistics, its channel count differs from the convolution's output channels,
    /// or the convolution pads unevenly (<c>Padding.Same</c> with an even kernel), which a plain convolution cannot hold.
    /// </exception>
    public static Conv2d Fold(Conv2d convolution, BatchNorm2d batchNorm)
    {
        var folded = Compute(convolution, batchNorm);
        var kernel = convolution.kernel_size;
        var stride = convolution.stride;
        var dilation = convolution.dilation;
        var pads = StandardLayerConverters.ConvolutionPads(convolution);
        if (pads[0] != pads[2] || pads[1] != pads[3])
        {
            throw new ArgumentException(
                "The convolution pads one side more than the other ('same' padding with an even kernel); a plain Conv2d cannot hold that padding.",
                nameof(convolution));
        }

        var result = nn.Conv2d(
            convolution.in_channels,
            convolution.out_channels,
            (kernel[0], kernel[^1]),
            stride: (stride[0], stride[^1]),
            padding: (pads[0], pads[1]),
            dilation: (dilation[0], dilation[^1]),
            groups: convolution.groups,
            bias: true);
        try
        {
            using (torch.no_grad())
            using (var weight = torch.tensor(folded.Weight, convolution.weight.shape))
            using (var bias = torch.tensor(folded.Bias, [convolution.out_channels]))
            {
                result.weight.copy_(weight);
                (result.bias ?? throw new InvalidOperationException("A Conv2d made with bias: true has no bias.")).copy_(bias);
            }

            result.eval();
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
        if (batchNorm.running_mean is null || batchNorm.running_var is null)
        {
            throw new ArgumentException(
                "Only batch normalisation with running statistics folds into a convolution: without them it normalises with each batch's statistics.",
                nameof(batchNorm));
        }

        if (batchNorm.num_features != convolution.out_channels)
        {
            throw new ArgumentException(
                $"The batch normalisation has {batchNorm.num_features} channels but the convolution has {convolution.out_channels} output channels.",
                nameof(batchNorm));
        }

        var channels = (int)convolution.out_channels;
        var weight = ToDoubles(convolution.weight);
        var bias = convolution.bias is { } convolutionBias ? ToDoubles(convolutionBias) : new double[channels];
        var mean = ToDoubles(batchNorm.running_mean);
        var variance = ToDoubles(batchNorm.running_var);
        var gamma = batchNorm.weight is { } scaleParameter ? ToDoubles(scaleParameter) : Enumerable.Repeat(1.0, channels).ToArray();
        var beta = batchNorm.bias is { } shift ? ToDoubles(shift) : new double[channels];

        var perChannel = weight.Length / channels;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / Math.Sqrt(variance[c] + batchNorm.eps);
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
        using var detached = tensor.detach();
        using var onCpu = detached.cpu();
        using var converted = onCpu.to_type(ScalarType.Float64);
        using var contiguous = converted.contiguous();
        return contiguous.data<double>().ToArray();
    }
}
