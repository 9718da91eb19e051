using System.Diagnostics.CodeAnalysis;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>
/// A layer setting that is either fixed (one value; a plain value converts implicitly) or searched among several values
/// (<see cref="ValueChoice.Of{T}(T[])"/>). Supported types: <see cref="int"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="Activation"/>, <see cref="Normalization"/>.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
/// <remarks>
/// Minimum costs (<see cref="IArchitectureSpace.MinimumCosts"/>) assume that a larger integer (width, kernel,
/// expansion) and <see langword="true"/> (squeeze-excitation, batch normalisation) never cost less, and that the other
/// settings (activation, dropout, residual) do not change the analytic costs.
/// </remarks>
[SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "ValueChoice.Fixed is the named alternative.")]
public sealed class ValueChoice<T>
    where T : notnull
{
    private readonly T[] _values;

    internal ValueChoice(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        if (_values.Length == 0)
        {
            throw new ArgumentException("A value choice needs at least one value.", nameof(values));
        }

        if (_values.Distinct().Count() != _values.Length)
        {
            throw new ArgumentException($"A value choice has a value twice: [{string.Join(", ", _values)}].", nameof(values));
        }

        ValueCodec.Require(typeof(T));
    }

    /// <summary>Gets the values, in order.</summary>
    public IReadOnlyList<T> Values => _values;

    /// <summary>Gets whether there is only one value (nothing to search).</summary>
    public bool IsFixed => _values.Length == 1;

    /// <summary>Converts a plain value to a fixed choice.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ValueChoice<T>(T value) => new([value]);

    /// <summary>Returns the values as <c>{a, b, c}</c>, or the value of a fixed choice.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsFixed ? ValueCodec.Format(_values[0]) : "{" + string.Join(", ", _values.Select(v => ValueCodec.Format(v))) + "}";
}
