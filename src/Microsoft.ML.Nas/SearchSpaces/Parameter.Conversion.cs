using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <content>Typed access: <see cref="AsType{T}"/> and <see cref="FromValue{T}"/>.</content>
public sealed partial class Parameter
{
    /// <summary>
    /// The serializer settings for arrays and option classes: enums as their names (as choices hold them),
    /// property names as declared.
    /// </summary>
    internal static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        MaxDepth = 256,
    };

    /// <summary>
    /// Converts the parameter to <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">
    /// <see cref="Parameter"/> (a deep copy); <see cref="string"/>; <see cref="bool"/>; the integer types (from an
    /// integer, or a number with no fraction); <see cref="double"/>, <see cref="float"/>, <see cref="decimal"/>
    /// (from an integer or number); enums (from a member name or an integer); <see cref="Nullable{T}"/> of those
    /// (from null or the value); any other type (arrays, lists, dictionaries, option classes) through
    /// System.Text.Json with enums read from their names.
    /// </typeparam>
    /// <returns>The converted value.</returns>
    /// <exception cref="InvalidCastException">The parameter does not convert to <typeparamref name="T"/>; the message says why.</exception>
    public T AsType<T>() => (T)AsType(typeof(T))!;

    /// <summary>Converts the parameter to <paramref name="type"/> (see <see cref="AsType{T}"/>).</summary>
    /// <param name="type">The target type.</param>
    /// <returns>The converted value; <see langword="null"/> only for a null parameter and a reference or nullable type.</returns>
    /// <exception cref="InvalidCastException">The parameter does not convert to <paramref name="type"/>.</exception>
    public object? AsType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type == typeof(Parameter) || type == typeof(object))
        {
            return Clone();
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (ParameterType == ParameterType.Null)
        {
            return !type.IsValueType || underlying is not null
                ? null
                : throw CastError(type, "a null parameter has no value of a non-nullable value type");
        }

        var target = underlying ?? type;
        if (target == typeof(string))
        {
            return ParameterType == ParameterType.String ? _string : throw CastError(type, "it is not a string");
        }

        if (target == typeof(bool))
        {
            return ParameterType == ParameterType.Bool ? _bool : throw CastError(type, "it is not a Boolean");
        }

        if (target.IsEnum)
        {
            return ToEnum(target, type);
        }

        if (target == typeof(double) || target == typeof(float) || target == typeof(decimal))
        {
            if (!IsNumeric)
            {
                throw CastError(type, "it is not a number");
            }

            return target == typeof(double) ? NumericValue
                : target == typeof(float) ? (float)NumericValue
                : ParameterType == ParameterType.Integer ? (decimal)_integer : (decimal)_number;
        }

        if (target.IsPrimitive && target != typeof(char) && target != typeof(nint) && target != typeof(nuint))
        {
            return ToInteger(target, type);
        }

        try
        {
            return JsonSerializer.Deserialize(ToJson(), type, SerializerOptions);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidCastException($"Cannot convert the parameter {Abbreviate(ToJson())} to {type}: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Creates a parameter from a .NET value: the inverse of <see cref="AsType{T}"/>. Primitives map to the
    /// matching kind, enums to their member name, a <see cref="Parameter"/> to a deep copy, and anything else
    /// (arrays, lists, option classes) goes through System.Text.Json with enums written as names.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value; <see langword="null"/> gives <see cref="Null"/>.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A floating-point value is NaN or infinite.</exception>
    /// <exception cref="NotSupportedException">System.Text.Json cannot serialize the value.</exception>
    public static Parameter FromValue<T>(T value) => FromValue(value, typeof(T));

    /// <summary>Creates a parameter from a value whose static type is <paramref name="declaredType"/>.</summary>
    internal static Parameter FromValue(object? value, Type declaredType)
    {
        switch (value)
        {
            case null:
                return Null;
            case Parameter parameter:
                return parameter.Clone();
            case string text:
                return FromString(text);
            case bool flag:
                return FromBool(flag);
            case double number:
                return FromDouble(number);
            case float single:
                return FromFloat(single);
            case decimal money:
                return FromDouble((double)money);
            case Enum member:
                return new Parameter(member.ToString());
            case int or long or short or sbyte or byte or ushort or uint:
                return FromLong(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong large:
                return large <= long.MaxValue ? FromLong((long)large) : FromDouble(large);
            default:
                return FromJsonElement(JsonSerializer.SerializeToElement(value, value.GetType() == declaredType ? declaredType : value.GetType(), SerializerOptions));
        }
    }

    private object ToEnum(Type enumType, Type requested)
    {
        if (ParameterType == ParameterType.String)
        {
            if (_string!.Length > 0 && !char.IsAsciiDigit(_string[0]) && _string[0] != '-'
                && Enum.TryParse(enumType, _string, ignoreCase: false, out var member))
            {
                return member;
            }

            throw CastError(requested, $"'{_string}' is not a member of {enumType.Name} ({string.Join(", ", Enum.GetNames(enumType))})");
        }

        if (ParameterType == ParameterType.Integer)
        {
            return Enum.ToObject(enumType, _integer);
        }

        throw CastError(requested, "an enum is read from a member name or an integer");
    }

    private object ToInteger(Type integerType, Type requested)
    {
        long whole;
        if (ParameterType == ParameterType.Integer)
        {
            whole = _integer;
        }
        else if (ParameterType == ParameterType.Number && _number == Math.Floor(_number) && Math.Abs(_number) < 9.2e18)
        {
            whole = (long)_number;
        }
        else
        {
            throw CastError(requested, "it is not a whole number");
        }

        try
        {
            return Convert.ChangeType(whole, integerType, CultureInfo.InvariantCulture);
        }
        catch (OverflowException exception)
        {
            throw new InvalidCastException($"Cannot convert the parameter {whole} to {requested}: it is out of range.", exception);
        }
    }

    private InvalidCastException CastError(Type requested, string reason) =>
        new($"Cannot convert the parameter {Abbreviate(ToJson())} ({ParameterType}) to {requested}: {reason}.");

    private static string Abbreviate(string json) => json.Length <= 200 ? json : string.Concat(json.AsSpan(0, 200), "...");
}
