using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>A closed range [<see cref="Min"/>, <see cref="Max"/>] of integers that a <see cref="TrainingRecipeSpace"/> searches.</summary>
/// <remarks>A range with <see cref="Min"/> equal to <see cref="Max"/> fixes the value: no search dimension is created for it.</remarks>
public readonly record struct IntegerSearchRange
{
    /// <summary>Initializes a range.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value; at least <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is below <paramref name="min"/>.</exception>
    public IntegerSearchRange(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        Min = min;
        Max = max;
    }

    /// <summary>Gets the smallest value.</summary>
    public int Min { get; }

    /// <summary>Gets the largest value.</summary>
    public int Max { get; }

    /// <summary>Gets a value indicating whether the range holds a single value.</summary>
    public bool IsFixed => Min == Max;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Min}, {Max}]");
}
