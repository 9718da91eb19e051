using System.Globalization;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The shape of one sample, without the batch dimension: <c>[channels, height, width]</c> for images or
/// <c>[features]</c> for tables. A network takes it as input; every node of a <see cref="NetworkDescription"/> also
/// states its input and output with it.
/// </summary>
/// <remarks>Immutable, compared by value, written to JSON as an array (<c>[1, 28, 28]</c>).</remarks>
[JsonConverter(typeof(InputShapeJsonConverter))]
public sealed class InputShape : IEquatable<InputShape>
{
    private readonly int[] _dimensions;

    private InputShape(int[] dimensions)
    {
        _dimensions = dimensions;
    }

    /// <summary>Gets the dimensions: three for an image, one for a feature vector.</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>Gets whether this is an image shape <c>[channels, height, width]</c>.</summary>
    public bool IsImage => _dimensions.Length == 3;

    /// <summary>Gets whether this is a feature-vector shape <c>[features]</c>.</summary>
    public bool IsVector => _dimensions.Length == 1;

    /// <summary>Gets the number of channels of an image, or the number of features of a vector.</summary>
    public int Channels => _dimensions[0];

    /// <summary>Gets the height of an image.</summary>
    /// <exception cref="InvalidOperationException">The shape is not an image.</exception>
    public int Height => IsImage ? _dimensions[1] : throw NotAnImage();

    /// <summary>Gets the width of an image.</summary>
    /// <exception cref="InvalidOperationException">The shape is not an image.</exception>
    public int Width => IsImage ? _dimensions[2] : throw NotAnImage();

    /// <summary>Gets the number of values in one sample (the product of the dimensions).</summary>
    public long ElementCount => _dimensions.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>Creates an image shape.</summary>
    /// <param name="channels">The number of channels (at least 1).</param>
    /// <param name="height">The height (at least 1).</param>
    /// <param name="width">The width (at least 1).</param>
    /// <returns>The shape <c>[channels, height, width]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1.</exception>
    public static InputShape Image(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        return new InputShape([channels, height, width]);
    }

    /// <summary>Creates a feature-vector shape.</summary>
    /// <param name="features">The number of features (at least 1).</param>
    /// <returns>The shape <c>[features]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is below 1.</exception>
    public static InputShape Vector(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return new InputShape([features]);
    }

    /// <summary>Creates a shape from its dimensions: one (a vector) or three (an image).</summary>
    /// <param name="dimensions">The dimensions, each at least 1.</param>
    /// <returns>The shape.</returns>
    /// <exception cref="ArgumentException">Not one or three dimensions, or a dimension below 1.</exception>
    public static InputShape FromDimensions(IReadOnlyList<int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count is not (1 or 3) || dimensions.Any(d => d < 1))
        {
            throw new ArgumentException(
                $"A sample shape is [features] or [channels, height, width] with every dimension at least 1; found [{string.Join(", ", dimensions)}].",
                nameof(dimensions));
        }

        return new InputShape([.. dimensions]);
    }

    /// <inheritdoc/>
    public bool Equals(InputShape? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is InputShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int dimension in _dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns the shape as <c>[1, 28, 28]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "[" + string.Join(", ", _dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Returns the dimensions joined by 'x' (<c>16x28x28</c>), as latency lookup keys spell a resolution.</summary>
    /// <returns>The text.</returns>
    public string ToKey() => string.Join("x", _dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private InvalidOperationException NotAnImage() =>
        new($"The shape {this} is a feature vector, not an image [channels, height, width].");
}
