using Microsoft.ML.Nas.Trainers.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class Classifier : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>
    /// fc(flatten(global-average-pool(x))) for an image, fc(x) otherwise; the dropout is the identity at inference and
    /// adds nothing.
    /// </remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var current = input;
        if (PoolImage)
        {
            var pooled = context.AddNode("GlobalAveragePool", [input]);
            current = context.AddNode("Flatten", [pooled], OnnxAttributeValue.FromInt64("axis", 1));
            context.Trace(input, current, value => nn.functional.adaptive_avg_pool2d(value, 1).flatten(1));
        }

        return context.Export(_fc, current);
    }
}
