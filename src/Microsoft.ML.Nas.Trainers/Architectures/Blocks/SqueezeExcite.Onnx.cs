using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class SqueezeExcite : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>x · hardsigmoid(fc2(relu(fc1(global-average-pool(x))))).</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var pooled = context.AddNode("GlobalAveragePool", [input]);
        var squeezed = context.AddNode("Relu", [context.Export(_fc1, pooled)]);
        var gate = StandardLayerConverters.AddHardsigmoid(context, context.Export(_fc2, squeezed));
        return context.AddNode("Mul", [input, gate]);
    }
}
