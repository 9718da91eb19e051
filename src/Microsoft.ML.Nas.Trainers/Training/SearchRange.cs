using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>A closed range [<see cref="Min"/>, <see cref="Max"/>] of real values that a <see cref="TrainingRecipeSpace"/> searches.</summary>
/// <remarks>A range with <see cref="Min"/> equal to <see cref="Max"/> fixes the value: no search dimension is created for it.</remarks>
public readonly record struct SearchRange
{
    /// <summary>Initializes a range.</summary>
    /// <param name="min">The smallest value; finite.</param>
    /// <param name="max">The largest value; finite and at least <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="max"/> is below <paramref name="min"/>.</exception>
    public SearchRange(double min, double max)
    {
        if (!double.IsFinite(min))
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, "The lower bound must be finite.");
        }

        if (!double.IsFinite(max) || max < min)
        {
            throw new ArgumentOutOfRangeException(
                nameof(max), max, string.Create(CultureInfo.InvariantCulture, $"The upper bound must be finite and at least the lower bound {min}."));
        }

        Min = min;
        Max = max;
    }

    /// <summary>Gets the smallest value.</summary>
    public double Min { get; }

    /// <summary>Gets the largest value.</summary>
    public double Max { get; }

    /// <summary>Gets a value indicating whether the range holds a single value.</summary>
    public bool IsFixed => Min == Max;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Min}, {Max}]");
}
