using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class BasicBlock : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), each normalisation folded when the export folds.</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var current = context.ExportConvolutionBatchNorm(_conv1, _bn1, input);
        current = context.ExportConvolutionBatchNorm(_conv2, _bn2, context.AddNode("Relu", [current]));
        return context.AddNode("Relu", [ResidualJoin.ExportShortcut(context, current, input, _downsample?.Sequential)]);
    }
}
