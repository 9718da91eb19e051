using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class NetworkModule : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>Exports the layers in order, each under its registered name (<c>0</c>, <c>1</c>, …).</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var current = input;
        foreach (var layer in _layers)
        {
            current = context.Export(layer, current);
        }

        return current;
    }
}
