using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class ReluConvBn : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>bn(conv(relu(x))), the normalisation folded into the convolution when the export folds.</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input) =>
        context.ExportConvolutionBatchNorm(_conv, _bn, context.AddNode("Relu", [input]));
}
