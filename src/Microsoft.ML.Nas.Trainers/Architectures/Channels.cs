namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>Channel arithmetic shared by the spaces and nodes.</summary>
internal static class Channels
{
    /// <summary>
    /// Rounds <paramref name="value"/> to the nearest multiple of <paramref name="divisor"/>, at least the divisor and
    /// never below 90% of the value: MobileNet's <c>_make_divisible</c> (used for width multipliers and SE widths).
    /// </summary>
    public static int MakeDivisible(double value, int divisor = 8)
    {
        int rounded = Math.Max(divisor, (int)(value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value)
        {
            rounded += divisor;
        }

        return rounded;
    }

    /// <summary>The output length of a convolution or pooling window along one axis.</summary>
    public static int ConvolvedSize(int size, int kernel, int stride, int padding) =>
        ((size + (2 * padding) - kernel) / stride) + 1;
}
