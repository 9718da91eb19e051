using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// A Boolean; one unit-cube coordinate, like a two-value <see cref="ChoiceOption"/> over [false, true]:
/// x &lt; 0.5 gives <see langword="false"/>, x &gt;= 0.5 gives <see langword="true"/>, and mapping back puts a
/// value at the centre of its half (0.25 or 0.75). <see cref="Step"/> is 0.5.
/// </summary>
public sealed class BooleanOption : OptionBase
{
    private readonly bool? _defaultValue;

    /// <summary>Initializes a new instance of the <see cref="BooleanOption"/> class whose default is <see langword="false"/> (the first value).</summary>
    public BooleanOption()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BooleanOption"/> class.</summary>
    /// <param name="defaultValue">The default value.</param>
    public BooleanOption(bool defaultValue) => _defaultValue = defaultValue;

    /// <summary>Gets the default value (<see langword="false"/> unless given).</summary>
    public bool DefaultValue => _defaultValue ?? false;

    /// <inheritdoc/>
    public override int FeatureSpaceDimension => 1;

    /// <inheritdoc/>
    public override double[] Default => [MapValue(DefaultValue)];

    /// <inheritdoc/>
    public override double?[] Step => [0.5];

    /// <inheritdoc/>
    internal override string Description => "BooleanOption";

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace) =>
        Parameter.FromBool(CheckFeatureSpace(featureSpace)[0] >= 0.5);

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameter.ParameterType != ParameterType.Bool)
        {
            throw new ArgumentException($"{Description}: expected a Boolean, got {parameter.ParameterType} {parameter}.", nameof(parameter));
        }

        return [MapValue(parameter.BoolValue)];
    }

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "bool");
        if (_defaultValue is bool value)
        {
            writer.WriteBoolean("default", value);
        }

        writer.WriteEndObject();
    }

    private static double MapValue(bool value) => value ? 0.75 : 0.25;
}
