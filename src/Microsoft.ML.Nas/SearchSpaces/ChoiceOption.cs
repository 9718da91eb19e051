using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// A choice among n values (any JSON-like <see cref="Parameter"/>s), where a value may carry its own sub-space
/// (a conditional decision).
/// </summary>
/// <remarks>
/// <para>
/// <b>Plain choice</b> (no value has a sub-space): one unit-cube coordinate x; the value index is
/// <c>min(floor(x·n), n − 1)</c>; mapping back puts value i at the centre of its bin, <c>(i + 0.5)/n</c>;
/// <see cref="Step"/> is <c>1/n</c>. The parameter is the value itself, for example <c>"relu"</c>.
/// </para>
/// <para>
/// <b>Conditional choice</b> (at least one <see cref="ChoiceValue"/> has a <see cref="ChoiceValue.SubSpace"/>):
/// the parameter is <i>always</i> an object whose <see cref="ValueKey"/> (<c>"value"</c>) holds the chosen value,
/// followed by the chosen value's sub-space keys, if any:
/// <code>
/// var block = new ChoiceOption(
///     new ChoiceValue("mbconv", new SearchSpace { ["kernel"] = new ChoiceOption(3, 5), ["expand"] = new UniformIntOption(1, 6) }),
///     new ChoiceValue("identity"));
/// // samples {"value":"mbconv","kernel":5,"expand":3} or {"value":"identity"}
/// </code>
/// The feature layout is the choice coordinate followed by the coordinates of every value's sub-space, in value
/// order. Sampling reads only the chosen value's block (the other blocks are ignored); mapping back writes the
/// chosen block from the parameter and every other block from that sub-space's <see cref="OptionBase.Default"/>.
/// Mapping back also accepts a plain value for a value without a sub-space.
/// </para>
/// <para>
/// Values are matched by value; an integer and a number with the same value (<c>1</c> and <c>1.0</c>) count as
/// the same value, both for duplicate checks and when mapping back.
/// </para>
/// </remarks>
public sealed class ChoiceOption : OptionBase
{
    /// <summary>The key that holds the chosen value in a conditional choice's object parameter: <c>"value"</c>.</summary>
    public const string ValueKey = "value";

    private readonly ChoiceValue[] _values;
    private readonly int _defaultIndex;
    private readonly bool _hasExplicitDefault;

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class.</summary>
    /// <param name="values">The values, at least one, all different.</param>
    /// <param name="defaultValue">The default value, one of <paramref name="values"/>; <see langword="null"/> (the default) means the first value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty, a value occurs twice, or <paramref name="defaultValue"/> is not one of them.</exception>
    public ChoiceOption(IEnumerable<ChoiceValue> values, Parameter? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        if (_values.Length == 0)
        {
            throw new ArgumentException("ChoiceOption: needs at least one value, got none.", nameof(values));
        }

        for (int i = 0; i < _values.Length; i++)
        {
            if (_values[i] is null)
            {
                throw new ArgumentNullException(nameof(values), $"ChoiceOption: value {i} is null.");
            }

            for (int j = 0; j < i; j++)
            {
                if (Parameter.ValueEquals(_values[i].StoredValue, _values[j].StoredValue, numbersByValue: true))
                {
                    throw new ArgumentException(
                        $"{Description}: the value {_values[i].StoredValue} occurs more than once (positions {j} and {i}).", nameof(values));
                }
            }
        }

        if (defaultValue is not null)
        {
            _defaultIndex = IndexOf(defaultValue);
            if (_defaultIndex < 0)
            {
                throw new ArgumentException($"{Description}: the default value {defaultValue} is not one of the values.", nameof(defaultValue));
            }

            _hasExplicitDefault = true;
        }
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class whose default is the first value.</summary>
    /// <param name="values">The values, at least one, all different.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or a value occurs twice.</exception>
    public ChoiceOption(params ChoiceValue[] values)
        : this((IEnumerable<ChoiceValue>)values)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class from plain values; the default is the first value.</summary>
    /// <param name="values">The values, at least one, all different.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or a value occurs twice.</exception>
    public ChoiceOption(params Parameter[] values)
        : this(Wrap(values, v => v))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class from strings; the default is the first value.</summary>
    /// <param name="values">The values, at least one, all different.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or a value occurs twice.</exception>
    public ChoiceOption(params string[] values)
        : this(Wrap(values, Parameter.FromString))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class from strings with a default.</summary>
    /// <param name="values">The values, at least one, all different.</param>
    /// <param name="defaultValue">The default value, one of <paramref name="values"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty, a value occurs twice, or <paramref name="defaultValue"/> is not one of them.</exception>
    public ChoiceOption(string[] values, string defaultValue)
        : this(Wrap(values, Parameter.FromString), Parameter.FromString(defaultValue))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class from integers; the default is the first value.</summary>
    /// <param name="values">The values, at least one, all different.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or a value occurs twice.</exception>
    public ChoiceOption(params int[] values)
        : this(Wrap(values, Parameter.FromInt))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceOption"/> class from numbers; the default is the first value.</summary>
    /// <param name="values">The values, at least one, all different and finite.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or a value occurs twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public ChoiceOption(params double[] values)
        : this(Wrap(values, Parameter.FromDouble))
    {
    }

    /// <summary>Gets the values in order.</summary>
    public IReadOnlyList<ChoiceValue> Values => _values;

    /// <summary>Gets the default value (a copy).</summary>
    public Parameter DefaultValue => _values[_defaultIndex].Value;

    /// <summary>Gets whether any value carries a sub-space, which makes every parameter of this option an object (see remarks).</summary>
    public bool IsConditional => _values.Any(v => v.SubSpace is not null);

    /// <inheritdoc/>
    public override int FeatureSpaceDimension => 1 + _values.Sum(v => v.SubSpace?.FeatureSpaceDimension ?? 0);

    /// <inheritdoc/>
    public override double[] Default
    {
        get
        {
            var result = new List<double>(FeatureSpaceDimension) { Centre(_defaultIndex) };
            foreach (var value in _values)
            {
                result.AddRange(value.SubSpace?.Default ?? []);
            }

            return [.. result];
        }
    }

    /// <inheritdoc/>
    public override double?[] Step
    {
        get
        {
            var result = new List<double?>(FeatureSpaceDimension) { 1.0 / _values.Length };
            foreach (var value in _values)
            {
                result.AddRange(value.SubSpace?.Step ?? []);
            }

            return [.. result];
        }
    }

    /// <inheritdoc/>
    internal override string Description
    {
        get
        {
            string list = string.Join(", ", _values.Take(8).Select(v => v.StoredValue.ToJson()));
            if (list.Length > 160)
            {
                list = string.Concat(list.AsSpan(0, 160), "...");
            }

            return $"ChoiceOption [{list}{(_values.Length > 8 ? ", ..." : string.Empty)}]";
        }
    }

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace)
    {
        var point = CheckFeatureSpace(featureSpace);
        int index = Math.Min((int)Math.Floor(point[0] * _values.Length), _values.Length - 1);
        var chosen = _values[index];
        if (!IsConditional)
        {
            return chosen.Value;
        }

        var result = Parameter.CreateObject();
        result[ValueKey] = chosen.Value;
        if (chosen.SubSpace is { } subSpace)
        {
            var block = point.AsSpan(BlockOffset(index), subSpace.FeatureSpaceDimension).ToArray();
            var sub = subSpace.SampleFromFeatureSpace(block);
            foreach (string key in sub.Keys)
            {
                if (key == ValueKey)
                {
                    throw new InvalidOperationException(
                        $"{Description}: the sub-space of {chosen.StoredValue} has the key '{ValueKey}', which holds the chosen value.");
                }

                result[key] = sub[key];
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var chosenValue = parameter;
        Parameter? rest = null;
        if (IsConditional && parameter.ParameterType == ParameterType.Object && parameter.ContainsKey(ValueKey))
        {
            chosenValue = parameter[ValueKey];
            rest = Parameter.FromObject(parameter.Keys.Where(k => k != ValueKey).Select(k => KeyValuePair.Create(k, parameter[k])));
        }

        int index = IndexOf(chosenValue);
        if (index < 0)
        {
            throw new ArgumentException($"{Description}: {chosenValue} is not one of the values.", nameof(parameter));
        }

        var result = new List<double>(FeatureSpaceDimension) { Centre(index) };
        for (int i = 0; i < _values.Length; i++)
        {
            if (_values[i].SubSpace is not { } subSpace)
            {
                continue;
            }

            if (i != index)
            {
                result.AddRange(subSpace.Default);
            }
            else if (rest is null)
            {
                throw new ArgumentException(
                    $"{Description}: the value {chosenValue} has a sub-space, so its parameter must be an object with the key '{ValueKey}' and the sub-space's keys.",
                    nameof(parameter));
            }
            else
            {
                result.AddRange(subSpace.MappingToFeatureSpace(rest));
            }
        }

        if (rest is not null && rest.Count > 0 && _values[index].SubSpace is null)
        {
            throw new ArgumentException(
                $"{Description}: the value {chosenValue} has no sub-space, but the parameter has the keys [{string.Join(", ", rest.Keys)}].",
                nameof(parameter));
        }

        return [.. result];
    }

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "choice");
        writer.WriteStartArray("values");
        foreach (var value in _values)
        {
            writer.WriteStartObject();
            writer.WritePropertyName(ValueKey);
            value.StoredValue.WriteTo(writer);
            if (value.SubSpace is not null)
            {
                writer.WritePropertyName("space");
                value.SubSpace.WriteJson(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (_hasExplicitDefault)
        {
            writer.WritePropertyName("default");
            _values[_defaultIndex].StoredValue.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    internal override bool Contains(OptionBase option) =>
        ReferenceEquals(this, option) || _values.Any(v => v.SubSpace is not null && v.SubSpace.Contains(option));

    private static IEnumerable<ChoiceValue> Wrap<T>(T[] values, Func<T, Parameter> convert)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Select(v => new ChoiceValue(convert(v)));
    }

    private double Centre(int index) => (index + 0.5) / _values.Length;

    private int BlockOffset(int index)
    {
        int offset = 1;
        for (int i = 0; i < index; i++)
        {
            offset += _values[i].SubSpace?.FeatureSpaceDimension ?? 0;
        }

        return offset;
    }

    private int IndexOf(Parameter value)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            if (Parameter.ValueEquals(_values[i].StoredValue, value, numbersByValue: true))
            {
                return i;
            }
        }

        return -1;
    }
}
