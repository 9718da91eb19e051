using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class ConvBnAct : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>act(bn(conv(x))), the normalisation folded into the convolution when the export folds.</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input) =>
        context.AddActivation(Activation, context.ExportConvolutionBatchNorm(_conv, _bn, input));
}
