using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// A single-precision real number in [min, max], on a linear or logarithmic scale; one continuous unit-cube
/// coordinate. The float version of <see cref="UniformDoubleOption"/>: values are computed in double precision and
/// rounded to the nearest float, and the parameter holds that float's shortest decimal (see <see cref="Parameter.FromFloat"/>).
/// </summary>
public sealed class UniformSingleOption : OptionBase
{
    private readonly float? _defaultValue;

    /// <summary>Initializes a new instance of the <see cref="UniformSingleOption"/> class.</summary>
    /// <param name="min">The smallest value (inclusive); finite.</param>
    /// <param name="max">The largest value (inclusive); finite and greater than <paramref name="min"/>.</param>
    /// <param name="logBase">Whether the unit cube maps to the values on a log scale; requires <paramref name="min"/> &gt; 0.</param>
    /// <param name="defaultValue">The default value; <see langword="null"/> (the default) means the value at unit-cube 0.5.</param>
    /// <exception cref="ArgumentException">A bound is NaN or infinite, or <paramref name="min"/> is not less than <paramref name="max"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logBase"/> with <paramref name="min"/> &lt;= 0, or <paramref name="defaultValue"/> outside [min, max].</exception>
    public UniformSingleOption(float min, float max, bool logBase = false, float? defaultValue = null)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"[{min:R}, {max:R}]");
        if (!float.IsFinite(min) || !float.IsFinite(max))
        {
            throw new ArgumentException($"UniformSingleOption {range}: the bounds must be finite numbers (not NaN or infinity).", float.IsFinite(min) ? nameof(max) : nameof(min));
        }

        if (min >= max)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"UniformSingleOption: min ({min:R}) must be less than max ({max:R})."), nameof(min));
        }

        if (logBase && min <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, $"UniformSingleOption {range}: a log-scale range needs min > 0.");
        }

        if (defaultValue is float value && !(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(defaultValue), value, string.Create(CultureInfo.InvariantCulture, $"UniformSingleOption {range}: the default value {value:R} is outside the range."));
        }

        Min = min;
        Max = max;
        LogBase = logBase;
        _defaultValue = defaultValue;
    }

    /// <summary>Gets the smallest value (inclusive).</summary>
    public float Min { get; }

    /// <summary>Gets the largest value (inclusive).</summary>
    public float Max { get; }

    /// <summary>Gets whether the mapping is logarithmic.</summary>
    public bool LogBase { get; }

    /// <summary>Gets the default value: the one given, or the value at unit-cube 0.5.</summary>
    public float DefaultValue => _defaultValue ?? SampleValue(0.5);

    /// <inheritdoc/>
    public override int FeatureSpaceDimension => 1;

    /// <inheritdoc/>
    /// <remarks>
    /// A given default that the mapping cannot produce exactly (a value between two representable samples) maps to the
    /// nearest point; the default point is canonical, so sampling it and mapping back gives the same point.
    /// </remarks>
    public override double[] Default => [MapValue(SampleValue(MapValue(DefaultValue)))];

    /// <inheritdoc/>
    public override double?[] Step => [null];

    /// <inheritdoc/>
    internal override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"UniformSingleOption [{Min:R}, {Max:R}]{(LogBase ? " (log)" : string.Empty)}");

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace) =>
        Parameter.FromFloat(SampleValue(CheckFeatureSpace(featureSpace)[0]));

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter)
    {
        double number = RequireNumber(parameter);
        if (number < Min || number > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(parameter), number, $"{Description}: {parameter} is outside the range.");
        }

        return [MapValue((float)number)];
    }

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "float");
        writer.WritePropertyName("min");
        writer.WriteRawValue(FormatSingle(Min), skipInputValidation: true);
        writer.WritePropertyName("max");
        writer.WriteRawValue(FormatSingle(Max), skipInputValidation: true);
        writer.WriteBoolean("logBase", LogBase);
        if (_defaultValue is float value)
        {
            writer.WritePropertyName("default");
            writer.WriteRawValue(FormatSingle(value), skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static string FormatSingle(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny(".eE") >= 0 ? text : text + ".0";
    }

    private float SampleValue(double x)
    {
        if (x <= 0)
        {
            return Min;
        }

        if (x >= 1)
        {
            return Max;
        }

        double value = LogBase
            ? Math.Exp(Math.Log(Min) + (x * (Math.Log(Max) - Math.Log(Min))))
            : Min + (x * ((double)Max - Min));
        return Math.Clamp((float)value, Min, Max);
    }

    private double MapValue(float value)
    {
        double guess = LogBase
            ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min))
            : (value - (double)Min) / ((double)Max - Min);
        return FeatureSpaceMath.Invert(x => SampleValue(x), value, guess);
    }
}
