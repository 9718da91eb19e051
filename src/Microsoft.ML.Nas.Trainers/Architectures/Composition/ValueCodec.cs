using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>Converts the setting types of <see cref="ValueChoice{T}"/> to and from parameters.</summary>
internal static class ValueCodec
{
    public static void Require(Type type)
    {
        if (type != typeof(int) && type != typeof(double) && type != typeof(bool) && type != typeof(Activation) && type != typeof(Normalization))
        {
            throw new ArgumentException(
                $"A value choice holds int, double, bool, Activation or Normalization values, not {type.Name}.", nameof(type));
        }
    }

    public static Parameter ToParameter<T>(T value)
        where T : notnull => value switch
        {
            int number => Parameter.FromInt(number),
            double number => Parameter.FromDouble(number),
            bool flag => Parameter.FromBool(flag),
            Activation activation => Parameter.FromString(ActivationNames.Name(activation)),
            Normalization normalization => Parameter.FromString(NormalizationName(normalization)),
            _ => throw new ArgumentException($"Unsupported value type {typeof(T).Name}.", nameof(value)),
        };

    public static T FromParameter<T>(Parameter parameter, string key)
    {
        object value = typeof(T) switch
        {
            var t when t == typeof(Activation) => ActivationNames.Parse(parameter.AsType<string>(), key),
            var t when t == typeof(Normalization) => parameter.AsType<string>() == "batch" ? Normalization.Batch : Normalization.None,
            _ => parameter.AsType<T>()!,
        };
        return (T)value;
    }

    public static string Format<T>(T value)
        where T : notnull => value switch
        {
            bool flag => flag ? "true" : "false",
            Activation activation => ActivationNames.Name(activation),
            Normalization normalization => NormalizationName(normalization),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

    /// <summary>
    /// The value with the smallest analytic costs: the smallest integer, <see langword="false"/>, no normalisation, or
    /// (for cost-neutral settings) the first value.
    /// </summary>
    public static T Cheapest<T>(IReadOnlyList<T> values)
        where T : notnull => values switch
        {
            IReadOnlyList<int> numbers => (T)(object)numbers.Min(),
            IReadOnlyList<bool> flags => (T)(object)flags.Min(),
            IReadOnlyList<Normalization> normalizations => (T)(object)normalizations.Min(),
            _ => values[0],
        };

    private static string NormalizationName(Normalization normalization) => normalization == Normalization.Batch ? "batch" : "none";
}
