using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class InvertedResidual : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>[x +] project(se(depthwise(expand(x)))), the expansion and squeeze-excitation when present.</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var current = _expand is null ? input : context.Export(_expand, input);
        current = context.Export(_depthwise, current);
        if (_squeezeExcite is not null)
        {
            current = context.Export(_squeezeExcite, current);
        }

        current = context.Export(_project, current);
        return HasShortcut ? context.AddNode("Add", [current, input]) : current;
    }
}
