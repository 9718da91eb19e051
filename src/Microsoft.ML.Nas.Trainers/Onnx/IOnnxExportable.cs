namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// A module that writes its own ONNX nodes: implement it on your own TorchSharp module (an
/// <c>nn.Module&lt;Tensor, Tensor&gt;</c>) to make it exportable. <see cref="OnnxExporter"/> calls it for any module type
/// without a converter registered for that exact type in the export's <see cref="OnnxConverterRegistry"/>; a registered
/// converter wins. NasML's architecture blocks (<c>Architectures.Blocks</c>) implement it too, each in a partial file
/// beside the block (<c>InvertedResidual.Onnx.cs</c>).
/// </summary>
/// <example>
/// A module computing <c>x · scale</c> for a learned scalar:
/// <code>
/// public string ExportOnnx(OnnxExportContext context, string input)
/// {
///     var scale = context.AddInitializer(Scale, "scale");
///     return context.AddNode("Mul", [input, scale]);
/// }
/// </code>
/// </example>
public interface IOnnxExportable
{
    /// <summary>Adds the module's computation to the graph being built.</summary>
    /// <param name="context">
    /// The graph builder: initializers, nodes, fresh names, the module's path, and <see cref="OnnxExportContext.Export"/>
    /// for child modules.
    /// </param>
    /// <param name="input">The name of the graph value that holds the module's input (batch first).</param>
    /// <returns>The name of the graph value that holds the module's output.</returns>
    string ExportOnnx(OnnxExportContext context, string input);
}
