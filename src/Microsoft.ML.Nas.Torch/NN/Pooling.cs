using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Argument checks shared by the pooling layers.</summary>
internal static class Pooling
{
    /// <summary>libtorch refuses a padding above half the kernel; say so when the layer is built, not at its first call.</summary>
    internal static void RequireHalfKernelPadding(Size2d kernelSize, Size2d padding)
    {
        if (padding.Height > kernelSize.Height / 2 || padding.Width > kernelSize.Width / 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(padding), padding,
                string.Create(CultureInfo.InvariantCulture, $"The padding must be at most half the kernel size ({kernelSize})."));
        }
    }
}
