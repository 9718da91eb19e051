namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>Creates <see cref="ValueChoice{T}"/>s.</summary>
public static class ValueChoice
{
    /// <summary>Creates a searched setting: the tuner picks one of <paramref name="values"/>.</summary>
    /// <typeparam name="T"><see cref="int"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="Activation"/> or <see cref="Normalization"/>.</typeparam>
    /// <param name="values">The values, at least one, all different.</param>
    /// <returns>The choice.</returns>
    /// <exception cref="ArgumentException">No values, a repeated value, or an unsupported type.</exception>
    public static ValueChoice<T> Of<T>(params T[] values)
        where T : notnull => new(values);

    /// <summary>Creates a fixed setting (the named alternative of the implicit conversion).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The choice with one value.</returns>
    public static ValueChoice<T> Fixed<T>(T value)
        where T : notnull => new([value]);
}
