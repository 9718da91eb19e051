using Microsoft.ML.Nas.Trainers.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>Adds a residual branch's shortcut, in the forward pass and in the ONNX export.</summary>
internal static class ResidualJoin
{
    /// <summary>
    /// Returns <paramref name="branch"/> + shortcut(<paramref name="input"/>) (the shortcut is the identity when
    /// <paramref name="downsample"/> is <see langword="null"/>) and disposes <paramref name="branch"/>.
    /// </summary>
    public static Tensor AddShortcut(Tensor branch, Tensor input, nn.Module<Tensor, Tensor>? downsample)
    {
        using (branch)
        {
            if (downsample is null)
            {
                return branch.add(input);
            }

            using var shortcut = downsample.call(input);
            return branch.add(shortcut);
        }
    }

    /// <summary>
    /// Adds the ONNX nodes of <paramref name="branch"/> + shortcut(<paramref name="input"/>) (the shortcut is the identity
    /// when <paramref name="downsample"/> is <see langword="null"/>) and returns the sum's name.
    /// </summary>
    public static string ExportShortcut(OnnxExportContext context, string branch, string input, nn.Module<Tensor, Tensor>? downsample)
    {
        var shortcut = downsample is null ? input : context.Export(downsample, input);
        return context.AddNode("Add", [branch, shortcut]);
    }
}
