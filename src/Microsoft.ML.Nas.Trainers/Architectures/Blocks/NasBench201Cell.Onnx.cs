using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

public sealed partial class NasBench201Cell : IOnnxExportable
{
    /// <inheritdoc/>
    /// <remarks>
    /// The cell's DAG: node j = Σ_{i&lt;j} edge_{ij}(node i) over the edges that are not <c>none</c> (edges in the order
    /// of <see cref="Operations"/>); a skip connection adds its source node without a node of its own, and a node
    /// without incoming edges is input · 0, as in the forward pass.
    /// </remarks>
    string IOnnxExportable.ExportOnnx(OnnxExportContext context, string input)
    {
        var nodes = new List<string>(4) { input };
        var edge = 0;
        for (var target = 1; target <= 3; target++)
        {
            string? sum = null;
            for (var source = 0; source < target; source++, edge++)
            {
                var operation = _operations[edge];
                if (operation == NasBench201Operation.None)
                {
                    continue;
                }

                var contribution = operation == NasBench201Operation.SkipConnect
                    ? nodes[source]
                    : context.Export(_edges[edge], nodes[source]);
                sum = sum is null ? contribution : context.AddNode("Add", [sum, contribution]);
            }

            nodes.Add(sum ?? context.AddNode("Mul", [input, context.AddScalar(0f, "zero")]));
        }

        return nodes[3];
    }
}
