using System.Globalization;
using TorchSharp.Modules;
using Activation = Microsoft.ML.Nas.Trainers.Architectures.Activation;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>Helpers for the exports of blocks built from the standard layers (NasML's architecture blocks and user modules).</summary>
public sealed partial class OnnxExportContext
{
    /// <summary>
    /// Exports a convolution followed by batch normalisation. With <see cref="FoldsBatchNorm"/> the normalisation is
    /// folded into the convolution (one <c>Conv</c> node, see <see cref="BatchNormFolding"/>); otherwise, or when the
    /// normalisation has no running statistics, the two are exported one after the other.
    /// </summary>
    /// <param name="convolution">The convolution, normally a child of the module being exported.</param>
    /// <param name="batchNorm">The batch normalisation applied to the convolution's output, or <see langword="null"/> for none.</param>
    /// <param name="input">The name of the convolution's input value.</param>
    /// <returns>The name of the normalised output value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="convolution"/> or <paramref name="input"/> is null.</exception>
    /// <exception cref="OnnxExportException">A layer cannot be exported; the message names its path.</exception>
    public string ExportConvolutionBatchNorm(Conv2d convolution, BatchNorm2d? batchNorm, string input)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        RequireValue(input, nameof(input));
        if (batchNorm is null || !FoldsBatchNorm || batchNorm.running_mean is null || batchNorm.running_var is null)
        {
            var convolved = Export(convolution, input);
            return batchNorm is null ? convolved : Export(batchNorm, convolved);
        }

        return AtModule(convolution, path =>
        {
            if (batchNorm.num_features != convolution.out_channels)
            {
                throw new OnnxExportException(
                    path,
                    nameof(Conv2d),
                    string.Create(CultureInfo.InvariantCulture, $"cannot fold a BatchNorm2d of {batchNorm.num_features} channels into a convolution of {convolution.out_channels} output channels"));
            }

            var folded = BatchNormFolding.Compute(convolution, batchNorm);
            var weight = AddInitializer(folded.Weight, convolution.weight.shape, "weight");
            var bias = AddInitializer(folded.Bias, [convolution.out_channels], "bias");
            var output = StandardLayerConverters.AddConvolution(this, convolution, input, weight, bias);
            Trace(input, output, value => batchNorm.call(convolution.call(value)));
            return output;
        });
    }

    /// <summary>Adds a float32 scalar initializer (a constant such as 0.5 or 6).</summary>
    /// <param name="value">The value.</param>
    /// <param name="nameHint">The name's last part.</param>
    /// <returns>The initializer's name.</returns>
    /// <exception cref="ArgumentException"><paramref name="nameHint"/> is empty.</exception>
    public string AddScalar(float value, string nameHint) => AddInitializer([value], [], nameHint);

    /// <summary>
    /// Adds the nodes of a NasML block activation (the one the blocks apply functionally, with no child module) and
    /// returns the output's name: <paramref name="input"/> itself for <see cref="Activation.None"/>.
    /// </summary>
    /// <param name="activation">The activation.</param>
    /// <param name="input">The name of the activation's input value.</param>
    /// <returns>The name of the activation's output value.</returns>
    /// <exception cref="NotSupportedException">The activation has no ONNX form.</exception>
    internal string AddActivation(Activation activation, string input) => activation switch
    {
        Activation.None => input,
        Activation.ReLU => AddNode("Relu", [input]),
        Activation.ReLU6 => StandardLayerConverters.AddReLU6(this, input),
        Activation.Hardswish => StandardLayerConverters.AddHardswish(this, input),
        Activation.SiLU => StandardLayerConverters.AddSiLU(this, input),
        Activation.GELU => StandardLayerConverters.AddGelu(this, input, tanhApproximation: false),
        _ => throw new NotSupportedException($"no ONNX form for the activation {activation}"),
    };
}
