using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class BatchNormAct : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>act(bn(x)).</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input) =>
        context.AddActivation(Activation, context.Export(_bn, input));
}
