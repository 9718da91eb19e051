using System.Reflection;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>Builds a <see cref="SearchSpace"/> from the attributes on an options class (see <see cref="SearchSpace{T}"/>).</summary>
internal static class TypedSpaceBuilder
{
    /// <summary>Builds the space of <paramref name="type"/>; <paramref name="defaults"/>, if given, supplies the default of every option.</summary>
    public static SearchSpace Build(Type type, object? defaults) => Build(type, defaults, []);

    /// <summary>Returns the parameter key of a property: its <see cref="JsonPropertyNameAttribute"/> name, else its name.</summary>
    public static string KeyOf(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;

    private static SearchSpace Build(Type type, object? defaults, HashSet<Type> enclosing)
    {
        if (!enclosing.Add(type))
        {
            throw new ArgumentException($"{type.Name}: [NestOption] properties form a cycle through {type.Name}.");
        }

        var space = new SearchSpace();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);
        foreach (var property in properties)
        {
            var attributes = property.GetCustomAttributes(inherit: true)
                .Where(a => a is RangeAttribute or ChoiceAttribute or BooleanChoiceAttribute or NestOptionAttribute)
                .ToList();
            if (attributes.Count == 0)
            {
                continue;
            }

            string name = $"{type.Name}.{property.Name}";
            if (attributes.Count > 1)
            {
                throw new ArgumentException($"{name}: has more than one search-space attribute ({string.Join(", ", attributes.Select(a => a.GetType().Name))}).");
            }

            object? instanceDefault = defaults is null ? null : property.GetValue(defaults);
            OptionBase option;
            try
            {
                option = attributes[0] switch
                {
                    RangeAttribute range => FromRange(range, property.PropertyType, instanceDefault, defaults is not null),
                    ChoiceAttribute choice => FromChoice(choice, property.PropertyType, instanceDefault),
                    BooleanChoiceAttribute boolean => FromBoolean(boolean, property.PropertyType, instanceDefault, defaults is not null),
                    _ => Build(property.PropertyType, instanceDefault, enclosing),
                };
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"{name}: {SearchSpace.MessageOf(exception)}", exception);
            }

            space.Add(KeyOf(property), option);
        }

        enclosing.Remove(type);
        return space;
    }

    private static OptionBase FromRange(RangeAttribute range, Type propertyType, object? instanceDefault, bool useInstance)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        double? init = useInstance && instanceDefault is not null ? Convert.ToDouble(instanceDefault, System.Globalization.CultureInfo.InvariantCulture) : range.Init;
        if (type == typeof(int))
        {
            return new UniformIntOption(ToInt(range.Min, "min"), ToInt(range.Max, "max"), range.LogBase, init is double value ? ToInt(value, "default") : null);
        }

        if (type == typeof(double))
        {
            return new UniformDoubleOption(range.Min, range.Max, range.LogBase, init);
        }

        if (type == typeof(float))
        {
            return new UniformSingleOption((float)range.Min, (float)range.Max, range.LogBase, init is double value ? (float)value : null);
        }

        throw new ArgumentException($"[Range] needs an int, double or float property, not {propertyType.Name}.");
    }

    private static int ToInt(double value, string what) =>
        value == Math.Floor(value) && value >= int.MinValue && value <= int.MaxValue
            ? (int)value
            : throw new ArgumentException($"the {what} {value} of an int range must be a whole number.");

    private static ChoiceOption FromChoice(ChoiceAttribute choice, Type propertyType, object? instanceDefault)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        var candidates = choice.Candidates.Count > 0
            ? choice.Candidates.Select(c => Parameter.FromValue(c, c?.GetType() ?? typeof(object))).ToList()
            : type.IsEnum
                ? Enum.GetNames(type).Select(Parameter.FromString).ToList()
                : throw new ArgumentException("[Choice] needs candidates unless the property is an enum.");
        foreach (var candidate in candidates)
        {
            try
            {
                candidate.AsType(propertyType);
            }
            catch (InvalidCastException exception)
            {
                throw new ArgumentException($"the candidate {candidate} does not convert to {propertyType.Name}: {exception.Message}", exception);
            }
        }

        var defaultValue = instanceDefault is not null
            ? Parameter.FromValue(instanceDefault, instanceDefault.GetType())
            : choice.DefaultValue is not null ? Parameter.FromValue(choice.DefaultValue, choice.DefaultValue.GetType()) : null;
        return new ChoiceOption(candidates.Select(c => new ChoiceValue(c)), defaultValue);
    }

    private static BooleanOption FromBoolean(BooleanChoiceAttribute boolean, Type propertyType, object? instanceDefault, bool useInstance)
    {
        if ((Nullable.GetUnderlyingType(propertyType) ?? propertyType) != typeof(bool))
        {
            throw new ArgumentException($"[BooleanChoice] needs a bool property, not {propertyType.Name}.");
        }

        bool? defaultValue = useInstance && instanceDefault is bool flag ? flag : boolean.DefaultValue;
        return defaultValue is bool value ? new BooleanOption(value) : new BooleanOption();
    }
}
