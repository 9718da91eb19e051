using System.Globalization;
using TorchSharp.Modules;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>Helpers for converters of blocks built from the standard layers.</summary>
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
}
