using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// A height and width pair for two-dimensional kernels, strides, paddings, dilations and output sizes. An
/// <see cref="int"/> converts implicitly to a square pair, so <c>stride: 2</c> means 2 × 2.
/// </summary>
/// <param name="Height">The size along the height (rows).</param>
/// <param name="Width">The size along the width (columns).</param>
public readonly record struct Size2d(int Height, int Width)
{
    /// <summary>Initializes a square pair.</summary>
    /// <param name="size">The height and the width.</param>
    public Size2d(int size)
        : this(size, size)
    {
    }

    /// <summary>Converts an <see cref="int"/> to a square pair.</summary>
    /// <param name="size">The height and the width.</param>
    public static implicit operator Size2d(int size) => new(size);

    /// <summary>Creates a square pair (the named alternative of the implicit conversion).</summary>
    /// <param name="size">The height and the width.</param>
    /// <returns>The pair (<paramref name="size"/>, <paramref name="size"/>).</returns>
    public static Size2d FromInt32(int size) => new(size);

    /// <summary>Returns "3" for a square pair and "(1, 3)" otherwise, as PyTorch prints module arguments.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Height == Width
            ? Height.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"({Height}, {Width})");

    /// <summary>Throws unless both sizes are at least <paramref name="minimum"/>.</summary>
    internal Size2d Require(int minimum, string parameterName)
    {
        if (Height < minimum || Width < minimum)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, this, string.Create(CultureInfo.InvariantCulture, $"Both sizes must be at least {minimum}."));
        }

        return this;
    }
}
