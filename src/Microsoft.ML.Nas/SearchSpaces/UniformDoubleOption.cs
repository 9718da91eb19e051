using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>A real number in [min, max], on a linear or logarithmic scale; one continuous unit-cube coordinate.</summary>
/// <remarks>
/// <para>
/// Sampling: linear <c>v = min + x·(max − min)</c>; log <c>v = exp(ln min + x·(ln max − ln min))</c>; x = 0 and
/// x = 1 give exactly min and max. <see cref="Step"/> is <see langword="null"/>.
/// </para>
/// <para>
/// Sampled values are rounded to 12 significant digits (log scale) or to multiples of
/// <c>10^(ceil(log10(max − min)) − 12)</c> (linear scale). Without that, the map would skip most doubles (a log
/// map moves several ulps per step of x), so a value a person writes, such as <c>0.001</c> or a default of
/// <c>3e-4</c>, could not be sampled exactly. With it, every value in range written with that many digits is
/// reachable, and mapping back (the analytic inverse, then a search over the last bits) gives a point that samples
/// exactly that value. A value with more digits maps to the nearest reachable one.
/// </para>
/// </remarks>
public sealed class UniformDoubleOption : OptionBase
{
    private const int SignificantDigits = 12;

    private readonly double? _defaultValue;

    /// <summary>The decimals a linear sample is rounded to (negative: to a multiple of a power of ten above 1).</summary>
    private readonly int _decimals;

    /// <summary>Initializes a new instance of the <see cref="UniformDoubleOption"/> class.</summary>
    /// <param name="min">The smallest value (inclusive); finite.</param>
    /// <param name="max">The largest value (inclusive); finite and greater than <paramref name="min"/>.</param>
    /// <param name="logBase">Whether the unit cube maps to the values on a log scale; requires <paramref name="min"/> &gt; 0.</param>
    /// <param name="defaultValue">The default value; <see langword="null"/> (the default) means the value at unit-cube 0.5 (the geometric mean on a log scale).</param>
    /// <exception cref="ArgumentException">A bound is NaN or infinite, <paramref name="min"/> is not less than <paramref name="max"/>, or the range overflows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logBase"/> with <paramref name="min"/> &lt;= 0, or <paramref name="defaultValue"/> outside [min, max].</exception>
    public UniformDoubleOption(double min, double max, bool logBase = false, double? defaultValue = null)
    {
        string range = $"[{FeatureSpaceMath.Format(min)}, {FeatureSpaceMath.Format(max)}]";
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"UniformDoubleOption {range}: the bounds must be finite numbers (not NaN or infinity).", double.IsFinite(min) ? nameof(max) : nameof(min));
        }

        if (min >= max)
        {
            throw new ArgumentException($"UniformDoubleOption: min ({FeatureSpaceMath.Format(min)}) must be less than max ({FeatureSpaceMath.Format(max)}).", nameof(min));
        }

        if (!double.IsFinite(max - min))
        {
            throw new ArgumentException($"UniformDoubleOption {range}: max - min overflows a double.", nameof(max));
        }

        if (logBase && min <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, $"UniformDoubleOption {range}: a log-scale range needs min > 0.");
        }

        if (defaultValue is double value && !(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(defaultValue), value, $"UniformDoubleOption {range}: the default value {FeatureSpaceMath.Format(value)} is outside the range.");
        }

        Min = min;
        Max = max;
        LogBase = logBase;
        _defaultValue = defaultValue;
        _decimals = 12 - (int)Math.Ceiling(Math.Log10(max - min));
    }

    /// <summary>Gets the smallest value (inclusive).</summary>
    public double Min { get; }

    /// <summary>Gets the largest value (inclusive).</summary>
    public double Max { get; }

    /// <summary>Gets whether the mapping is logarithmic.</summary>
    public bool LogBase { get; }

    /// <summary>Gets the default value: the one given, or the value at unit-cube 0.5.</summary>
    public double DefaultValue => _defaultValue ?? SampleValue(0.5);

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
        $"UniformDoubleOption [{FeatureSpaceMath.Format(Min)}, {FeatureSpaceMath.Format(Max)}]{(LogBase ? " (log)" : string.Empty)}";

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace) =>
        Parameter.FromDouble(SampleValue(CheckFeatureSpace(featureSpace)[0]));

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter)
    {
        double value = RequireNumber(parameter);
        if (value < Min || value > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(parameter), value, $"{Description}: {parameter} is outside the range.");
        }

        return [MapValue(value)];
    }

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "double");
        writer.WritePropertyName("min");
        writer.WriteRawValue(FeatureSpaceMath.Format(Min), skipInputValidation: true);
        writer.WritePropertyName("max");
        writer.WriteRawValue(FeatureSpaceMath.Format(Max), skipInputValidation: true);
        writer.WriteBoolean("logBase", LogBase);
        if (_defaultValue is double value)
        {
            writer.WritePropertyName("default");
            writer.WriteRawValue(FeatureSpaceMath.Format(value), skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private double SampleValue(double x)
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
            : Min + (x * (Max - Min));
        value = Math.Clamp(Round(value), Min, Max);
        return value == 0 ? 0.0 : value; // no negative zero
    }

    /// <summary>Rounds a sample (a monotone step function, so sampling stays non-decreasing in x).</summary>
    private double Round(double value)
    {
        if (LogBase)
        {
            return double.Parse(value.ToString("G" + SignificantDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        if (_decimals >= 0)
        {
            return double.Parse(value.ToString("F" + _decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        double quantum = Math.Pow(10, -_decimals);
        return Math.Round(value / quantum) * quantum;
    }

    private double MapValue(double value)
    {
        double guess = LogBase
            ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min))
            : (value - Min) / (Max - Min);
        return FeatureSpaceMath.Invert(SampleValue, value, guess);
    }
}
