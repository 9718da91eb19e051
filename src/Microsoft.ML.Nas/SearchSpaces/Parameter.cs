using System.Globalization;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// A JSON-like value tree: an object (string keys in insertion order), an array, or a single value (integer,
/// number, string, Boolean or null). Search spaces produce parameters from points of their unit-cube feature space
/// and map them back; trial runners read them with <see cref="this[string]"/> and <see cref="AsType{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Objects and arrays are mutable (so a caller can build or edit a parameter); single values are immutable.
/// Equality is by value: two objects are equal when they have the same keys (in any order) with equal values;
/// <see cref="ParameterType.Integer"/> 1 and <see cref="ParameterType.Number"/> 1.0 are different parameters
/// because <see cref="ToJson()"/> writes them differently (<c>1</c> and <c>1.0</c>) and reading JSON back keeps
/// that distinction. Do not mutate a parameter while it is a key of a hash-based collection.
/// </para>
/// <para>Numbers must be finite: JSON has no spelling for NaN or infinities.</para>
/// </remarks>
public sealed partial class Parameter : IEquatable<Parameter>
{
    private readonly OrderedDictionary<string, Parameter>? _object;
    private readonly List<Parameter>? _array;
    private readonly long _integer;
    private readonly double _number;
    private readonly string? _string;
    private readonly bool _bool;

    private Parameter(ParameterType type) => ParameterType = type;

    private Parameter(OrderedDictionary<string, Parameter> value)
        : this(ParameterType.Object) => _object = value;

    private Parameter(List<Parameter> value)
        : this(ParameterType.Array) => _array = value;

    private Parameter(long value)
        : this(ParameterType.Integer) => _integer = value;

    private Parameter(double value)
        : this(ParameterType.Number) => _number = value;

    private Parameter(string value)
        : this(ParameterType.String) => _string = value;

    private Parameter(bool value)
        : this(ParameterType.Bool) => _bool = value;

    /// <summary>Gets the JSON <c>null</c> parameter.</summary>
    public static Parameter Null { get; } = new(ParameterType.Null);

    /// <summary>Gets the kind of this node.</summary>
    public ParameterType ParameterType { get; }

    /// <summary>Gets the keys of an object in insertion order; empty for every other kind.</summary>
    public IEnumerable<string> Keys => _object is null ? [] : _object.Keys;

    /// <summary>Gets the number of keys of an object or items of an array; 0 for single values.</summary>
    public int Count => _object?.Count ?? _array?.Count ?? 0;

    /// <summary>Gets the items of an array; empty for every other kind.</summary>
    public IReadOnlyList<Parameter> Items => _array is null ? [] : _array;

    /// <summary>Gets or sets the value of <paramref name="key"/> in an object.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value stored under <paramref name="key"/> (the stored node itself, not a copy).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or the value set is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">Getting a key the object does not have; the message names the key.</exception>
    /// <exception cref="InvalidOperationException">This parameter is not an object.</exception>
    public Parameter this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            var obj = RequireObject(key);
            if (!obj.TryGetValue(key, out var value))
            {
                throw new KeyNotFoundException(
                    $"The parameter has no key '{key}'. Its keys are [{string.Join(", ", obj.Keys)}].");
            }

            return value;
        }

        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            RequireObject(key)[key] = value;
        }
    }

    /// <summary>Gets the item at <paramref name="index"/> of an array.</summary>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The stored item (not a copy).</returns>
    /// <exception cref="InvalidOperationException">This parameter is not an array.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    public Parameter this[int index]
    {
        get
        {
            if (_array is null)
            {
                throw new InvalidOperationException(
                    $"The parameter is {ParameterType}, not Array; it cannot be indexed by position ({index}).");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _array.Count);
            return _array[index];
        }
    }

    /// <summary>Creates an <see cref="ParameterType.Integer"/> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static Parameter FromInt(int value) => new((long)value);

    /// <summary>Creates an <see cref="ParameterType.Integer"/> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static Parameter FromLong(long value) => new(value);

    /// <summary>Creates a <see cref="ParameterType.Number"/> parameter.</summary>
    /// <param name="value">The value; must be finite.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static Parameter FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A parameter number must be finite (JSON has no NaN or infinity).");
        }

        return new Parameter(value);
    }

    /// <summary>
    /// Creates a <see cref="ParameterType.Number"/> parameter holding the shortest decimal that round-trips
    /// <paramref name="value"/> (so <c>0.1f</c> is stored and written as <c>0.1</c>, and <c>AsType&lt;float&gt;()</c>
    /// gives back <c>0.1f</c>).
    /// </summary>
    /// <param name="value">The value; must be finite.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static Parameter FromFloat(float value)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A parameter number must be finite (JSON has no NaN or infinity).");
        }

        return new Parameter(double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>Creates a <see cref="ParameterType.Bool"/> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static Parameter FromBool(bool value) => new(value);

    /// <summary>Creates a <see cref="ParameterType.String"/> parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/> (use <see cref="Null"/>).</exception>
    public static Parameter FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Parameter(value);
    }

    /// <summary>Creates a <see cref="ParameterType.String"/> parameter holding the enum member's name.</summary>
    /// <typeparam name="T">The enum type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The parameter; <see cref="AsType{T}"/> reads it back.</returns>
    public static Parameter FromEnum<T>(T value)
        where T : struct, Enum => new(value.ToString());

    /// <summary>Creates an empty <see cref="ParameterType.Object"/> to fill with the indexer.</summary>
    /// <returns>The parameter.</returns>
    public static Parameter CreateObject() => new(new OrderedDictionary<string, Parameter>(StringComparer.Ordinal));

    /// <summary>Creates an <see cref="ParameterType.Object"/> from key-value pairs, keeping their order.</summary>
    /// <param name="properties">The pairs; the values are stored as given, not copied.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentNullException">A key or value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A key occurs twice; the message names it.</exception>
    public static Parameter FromObject(IEnumerable<KeyValuePair<string, Parameter>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var result = new OrderedDictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(properties));
            if (value is null)
            {
                throw new ArgumentNullException(nameof(properties), $"The value of key '{key}' is null; use Parameter.Null.");
            }

            if (!result.TryAdd(key, value))
            {
                throw new ArgumentException($"The key '{key}' occurs more than once.", nameof(properties));
            }
        }

        return new Parameter(result);
    }

    /// <summary>Creates an <see cref="ParameterType.Object"/> from (key, value) tuples, keeping their order.</summary>
    /// <param name="properties">The pairs; the values are stored as given, not copied.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException">A key occurs twice; the message names it.</exception>
    public static Parameter CreateNestedParameter(params (string Key, Parameter Value)[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return FromObject(properties.Select(p => new KeyValuePair<string, Parameter>(p.Key, p.Value)));
    }

    /// <summary>Creates an <see cref="ParameterType.Array"/> from items, keeping their order.</summary>
    /// <param name="items">The items; stored as given, not copied.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentNullException">An item is <see langword="null"/>.</exception>
    public static Parameter FromArray(IEnumerable<Parameter> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new List<Parameter>();
        foreach (var item in items)
        {
            if (item is null)
            {
                throw new ArgumentNullException(nameof(items), $"Item {list.Count} is null; use Parameter.Null.");
            }

            list.Add(item);
        }

        return new Parameter(list);
    }

    /// <summary>Returns whether this is an object holding <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if this is an object with that key; otherwise <see langword="false"/>.</returns>
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _object is not null && _object.ContainsKey(key);
    }

    /// <summary>Removes <paramref name="key"/> from an object.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if the key was there.</returns>
    /// <exception cref="InvalidOperationException">This parameter is not an object.</exception>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RequireObject(key).Remove(key);
    }

    /// <summary>Returns a deep copy: editing the copy never changes this parameter.</summary>
    /// <returns>The copy.</returns>
    public Parameter Clone() => ParameterType switch
    {
        ParameterType.Object => new Parameter(CloneObject()),
        ParameterType.Array => new Parameter(_array!.Select(item => item.Clone()).ToList()),
        _ => this, // single values are immutable
    };

    /// <inheritdoc/>
    public bool Equals(Parameter? other) => other is not null && ValueEquals(this, other, numbersByValue: false);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Parameter other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        switch (ParameterType)
        {
            case ParameterType.Object:
                // Order-independent, like equality.
                int objectHash = 17;
                foreach (var (key, value) in _object!)
                {
                    objectHash = unchecked(objectHash + HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value.GetHashCode()));
                }

                return HashCode.Combine(ParameterType.Object, objectHash);
            case ParameterType.Array:
                var arrayHash = new HashCode();
                arrayHash.Add(ParameterType.Array);
                foreach (var item in _array!)
                {
                    arrayHash.Add(item.GetHashCode());
                }

                return arrayHash.ToHashCode();
            case ParameterType.Integer:
                return HashCode.Combine(ParameterType.Integer, _integer);
            case ParameterType.Number:
                return HashCode.Combine(ParameterType.Number, _number);
            case ParameterType.String:
                return HashCode.Combine(ParameterType.String, StringComparer.Ordinal.GetHashCode(_string!));
            case ParameterType.Bool:
                return HashCode.Combine(ParameterType.Bool, _bool);
            default:
                return (int)ParameterType.Null;
        }
    }

    /// <summary>Returns the compact JSON form (<see cref="ToJson()"/>).</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson();

    /// <summary>
    /// Compares two parameters by value; with <paramref name="numbersByValue"/>, an integer and a number with the
    /// same numeric value are equal (used to match user-given values against choices).
    /// </summary>
    internal static bool ValueEquals(Parameter left, Parameter right, bool numbersByValue)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (numbersByValue && left.IsNumeric && right.IsNumeric)
        {
            return left.ParameterType == right.ParameterType
                ? left._integer == right._integer && left._number.Equals(right._number)
                : left.NumericValue == right.NumericValue;
        }

        if (left.ParameterType != right.ParameterType)
        {
            return false;
        }

        switch (left.ParameterType)
        {
            case ParameterType.Object:
                if (left._object!.Count != right._object!.Count)
                {
                    return false;
                }

                foreach (var (key, value) in left._object)
                {
                    if (!right._object.TryGetValue(key, out var otherValue) || !ValueEquals(value, otherValue, numbersByValue))
                    {
                        return false;
                    }
                }

                return true;
            case ParameterType.Array:
                if (left._array!.Count != right._array!.Count)
                {
                    return false;
                }

                for (int i = 0; i < left._array.Count; i++)
                {
                    if (!ValueEquals(left._array[i], right._array[i], numbersByValue))
                    {
                        return false;
                    }
                }

                return true;
            case ParameterType.Integer:
                return left._integer == right._integer;
            case ParameterType.Number:
                return left._number.Equals(right._number);
            case ParameterType.String:
                return string.Equals(left._string, right._string, StringComparison.Ordinal);
            case ParameterType.Bool:
                return left._bool == right._bool;
            default:
                return true;
        }
    }

    /// <summary>Gets whether this is an integer or a number.</summary>
    internal bool IsNumeric => ParameterType is ParameterType.Integer or ParameterType.Number;

    /// <summary>Gets the value of an integer or number as a double (precondition: <see cref="IsNumeric"/>).</summary>
    internal double NumericValue => ParameterType == ParameterType.Integer ? _integer : _number;

    /// <summary>Gets the stored string (precondition: a <see cref="ParameterType.String"/>).</summary>
    internal string StringValue => _string!;

    /// <summary>Gets the stored Boolean (precondition: a <see cref="ParameterType.Bool"/>).</summary>
    internal bool BoolValue => _bool;

    /// <summary>Gets the stored integer (precondition: a <see cref="ParameterType.Integer"/>).</summary>
    internal long IntegerValue => _integer;

    private OrderedDictionary<string, Parameter> CloneObject()
    {
        var copy = new OrderedDictionary<string, Parameter>(_object!.Count, StringComparer.Ordinal);
        foreach (var (key, value) in _object)
        {
            copy.Add(key, value.Clone());
        }

        return copy;
    }

    private OrderedDictionary<string, Parameter> RequireObject(string key) =>
        _object ?? throw new InvalidOperationException(
            $"The parameter is {ParameterType}, not Object, so it has no key '{key}'.");
}
