using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class NasBench201ReductionBlock : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>downsample(x) + conv_b(conv_a(x)).</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var current = context.Export(_convB, context.Export(_convA, input));
        var residual = context.Export(_downsample, input);
        return context.AddNode("Add", [residual, current]);
    }
}
