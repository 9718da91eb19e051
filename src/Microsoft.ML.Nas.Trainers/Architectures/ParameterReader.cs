using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>Reads typed values out of parameters that were already checked against their space, and builds choice options.</summary>
internal static class ParameterReader
{
    public static int Int(Parameter parameter, string key) => parameter[key].AsType<int>();

    public static double Double(Parameter parameter, string key) => parameter[key].AsType<double>();

    public static bool Bool(Parameter parameter, string key) => parameter[key].AsType<bool>();

    public static string String(Parameter parameter, string key) => parameter[key].AsType<string>();

    public static Activation Activation(Parameter parameter, string key) =>
        ActivationNames.Parse(String(parameter, key), key);

    /// <summary>Reads the chosen value of a choice that may be conditional (an object with the key "value").</summary>
    public static Parameter ChosenValue(Parameter choice) =>
        choice.ParameterType == ParameterType.Object && choice.ContainsKey(ChoiceOption.ValueKey) ? choice[ChoiceOption.ValueKey] : choice;

    public static ChoiceOption Choice(IEnumerable<int> values) => new([.. values]);

    public static ChoiceOption Choice(IEnumerable<double> values) => new([.. values]);

    public static ChoiceOption Choice(IEnumerable<bool> values) => new([.. values.Select(Parameter.FromBool)]);

    public static ChoiceOption Choice(IEnumerable<Activation> values) => new([.. values.Select(ActivationNames.Name)]);

    /// <summary>Formats a number for summaries: invariant culture, shortest round-trip form.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Returns an exception's message without the " (Parameter 'x')" suffix, so nested messages read as one.</summary>
    public static string MessageOf(ArgumentException exception)
    {
        string message = exception.Message;
        string suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    /// <summary>Throws unless the list is non-empty, has no duplicates (unless allowed), and every value passes <paramref name="isValid"/>.</summary>
    public static IReadOnlyList<T> RequireChoices<T>(
        IReadOnlyList<T>? values, string optionName, Func<T, bool> isValid, string requirement, bool allowDuplicates = false)
    {
        if (values is null || values.Count == 0)
        {
            throw new ArgumentException($"{optionName} needs at least one value.", optionName);
        }

        if (!allowDuplicates && values.Distinct().Count() != values.Count)
        {
            throw new ArgumentException($"{optionName} has a value twice: [{string.Join(", ", values)}].", optionName);
        }

        foreach (var value in values)
        {
            if (!isValid(value))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{optionName}: {value} is not allowed; {requirement}."), optionName);
            }
        }

        return values;
    }
}
