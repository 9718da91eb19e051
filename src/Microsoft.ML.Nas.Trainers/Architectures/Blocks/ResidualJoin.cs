using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>Adds a residual branch's shortcut.</summary>
internal static class ResidualJoin
{
    /// <summary>
    /// Returns <paramref name="branch"/> + shortcut(<paramref name="input"/>) (the shortcut is the identity when
    /// <paramref name="downsample"/> is <see langword="null"/>) and disposes <paramref name="branch"/>.
    /// </summary>
    public static Tensor AddShortcut(Tensor branch, Tensor input, Module? downsample)
    {
        using (branch)
        {
            if (downsample is null)
            {
                return branch.Add(input);
            }

            using var shortcut = downsample.Forward(input);
            return branch.Add(shortcut);
        }
    }
}
