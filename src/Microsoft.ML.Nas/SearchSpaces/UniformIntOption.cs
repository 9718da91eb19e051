using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>An integer in [min, max], on a linear or logarithmic scale; one unit-cube coordinate.</summary>
/// <remarks>
/// <para>
/// Sampling: linear <c>v = round(min + x·(max − min))</c>; log <c>v = round(exp(ln min + x·(ln max − ln min)))</c>,
/// rounding half up. Mapping back inverts the formula before rounding, so each integer lands at the exact point
/// that samples it. On the linear scale the end values own half a bin each (as in ML.NET).
/// </para>
/// <para>
/// <see cref="Step"/> is <c>1/(max − min)</c> on the linear scale. On the log scale it is <see langword="null"/>:
/// the integers are unevenly spaced there (dense near max), so no single step describes them; tuners treat the
/// coordinate as continuous and the rounding makes it discrete.
/// </para>
/// </remarks>
public sealed class UniformIntOption : OptionBase
{
    private readonly int? _defaultValue;

    /// <summary>Initializes a new instance of the <see cref="UniformIntOption"/> class.</summary>
    /// <param name="min">The smallest value (inclusive).</param>
    /// <param name="max">The largest value (inclusive); greater than <paramref name="min"/>.</param>
    /// <param name="logBase">Whether the unit cube maps to the values on a log scale; requires <paramref name="min"/> &gt; 0.</param>
    /// <param name="defaultValue">The default value; <see langword="null"/> (the default) means the value at the midpoint of the unit interval.</param>
    /// <exception cref="ArgumentException"><paramref name="min"/> is not less than <paramref name="max"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logBase"/> with <paramref name="min"/> &lt;= 0, or <paramref name="defaultValue"/> outside [min, max].</exception>
    public UniformIntOption(int min, int max, bool logBase = false, int? defaultValue = null)
    {
        if (min >= max)
        {
            throw new ArgumentException($"UniformIntOption: min ({min}) must be less than max ({max}).", nameof(min));
        }

        if (logBase && min <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, $"UniformIntOption [{min}, {max}]: a log-scale range needs min > 0.");
        }

        if (defaultValue is int value && (value < min || value > max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(defaultValue), value, $"UniformIntOption [{min}, {max}]: the default value {value} is outside the range.");
        }

        Min = min;
        Max = max;
        LogBase = logBase;
        _defaultValue = defaultValue;
    }

    /// <summary>Gets the smallest value (inclusive).</summary>
    public int Min { get; }

    /// <summary>Gets the largest value (inclusive).</summary>
    public int Max { get; }

    /// <summary>Gets whether the mapping is logarithmic.</summary>
    public bool LogBase { get; }

    /// <summary>Gets the default value: the one given, or the value at unit-cube 0.5.</summary>
    public int DefaultValue => _defaultValue ?? SampleValue(0.5);

    /// <inheritdoc/>
    public override int FeatureSpaceDimension => 1;

    /// <inheritdoc/>
    public override double[] Default => [MapValue(DefaultValue)];

    /// <inheritdoc/>
    public override double?[] Step => [LogBase ? null : 1.0 / ((double)Max - Min)];

    /// <inheritdoc/>
    internal override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"UniformIntOption [{Min}, {Max}]{(LogBase ? " (log)" : string.Empty)}");

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace) =>
        Parameter.FromInt(SampleValue(CheckFeatureSpace(featureSpace)[0]));

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter)
    {
        double number = RequireNumber(parameter);
        if (number != Math.Floor(number))
        {
            throw new ArgumentException($"{Description}: {parameter} is not a whole number.", nameof(parameter));
        }

        if (number < Min || number > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(parameter), number, $"{Description}: {parameter} is outside the range.");
        }

        return [MapValue((int)number)];
    }

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "int");
        writer.WriteNumber("min", Min);
        writer.WriteNumber("max", Max);
        writer.WriteBoolean("logBase", LogBase);
        if (_defaultValue is int value)
        {
            writer.WriteNumber("default", value);
        }

        writer.WriteEndObject();
    }

    private double Continuous(double x) => LogBase
        ? Math.Exp(Math.Log(Min) + (x * (Math.Log(Max) - Math.Log(Min))))
        : Min + (x * ((double)Max - Min));

    private int SampleValue(double x) => (int)Math.Clamp(Math.Floor(Continuous(x) + 0.5), Min, Max);

    private double MapValue(int value)
    {
        double guess = LogBase
            ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min))
            : (value - (double)Min) / ((double)Max - Min);
        return FeatureSpaceMath.Invert(x => SampleValue(x), value, guess);
    }
}
