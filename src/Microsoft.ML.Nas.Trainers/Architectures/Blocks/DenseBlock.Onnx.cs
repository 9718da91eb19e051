using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class DenseBlock : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>[x +] act(norm(linear(x))); the dropout is the identity at inference and adds nothing.</remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var current = context.Export(_linear, input);
        if (_norm is not null)
        {
            current = context.Export(_norm, current);
        }

        current = context.AddActivation(Activation, current);
        return Residual ? context.AddNode("Add", [current, input]) : current;
    }
}
