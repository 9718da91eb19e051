using System.Globalization;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// The input preprocessing that an exported graph applies itself, so that callers feed raw values: along dimension 1
/// of the input (the channels of an image, the features of a table), optionally a missing value (NaN) replaced, then
/// <c>(x − Mean) / StandardDeviation</c>.
/// </summary>
/// <remarks>
/// For images the statistics are per channel on raw 0–255 pixels (Fashion-MNIST: one channel). For tables, see
/// <see cref="FromTabularPreprocessor"/>: per feature, numeric features standardized, one-hot indicators passed
/// through (mean 0, standard deviation 1).
/// </remarks>
public sealed class OnnxInputNormalization
{
    /// <summary>Initializes the normalization.</summary>
    /// <param name="mean">The value subtracted, one per channel or feature; finite.</param>
    /// <param name="standardDeviation">The divisor, one per channel or feature; finite and positive.</param>
    /// <param name="missingValueReplacement">
    /// The value that replaces a NaN input before normalizing, one per channel or feature (finite); <see langword="null"/>
    /// (the default) passes NaN through.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="mean"/> or <paramref name="standardDeviation"/> is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty or differ in length, or a value is outside its range; the message names it.</exception>
    public OnnxInputNormalization(
        IEnumerable<float> mean, IEnumerable<float> standardDeviation, IEnumerable<float>? missingValueReplacement = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        var means = mean.ToArray();
        var deviations = standardDeviation.ToArray();
        var replacements = missingValueReplacement?.ToArray();
        if (means.Length == 0)
        {
            throw new ArgumentException("The normalization needs at least one channel or feature.", nameof(mean));
        }

        RequireLength(deviations, means.Length, nameof(standardDeviation));
        for (var i = 0; i < means.Length; i++)
        {
            RequireFinite(means[i], i, nameof(mean));
            if (!(float.IsFinite(deviations[i]) && deviations[i] > 0))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Standard deviation {i} is {deviations[i]}; it must be finite and positive."),
                    nameof(standardDeviation));
            }
        }

        if (replacements is not null)
        {
            RequireLength(replacements, means.Length, nameof(missingValueReplacement));
            for (var i = 0; i < replacements.Length; i++)
            {
                RequireFinite(replacements[i], i, nameof(missingValueReplacement));
            }
        }

        Mean = Array.AsReadOnly(means);
        StandardDeviation = Array.AsReadOnly(deviations);
        MissingValueReplacement = replacements is null ? null : Array.AsReadOnly(replacements);
    }

    /// <summary>Gets the values subtracted, one per channel or feature.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Gets the divisors, one per channel or feature.</summary>
    public IReadOnlyList<float> StandardDeviation { get; }

    /// <summary>Gets the values that replace NaN inputs, or <see langword="null"/> when NaN passes through.</summary>
    public IReadOnlyList<float>? MissingValueReplacement { get; }

    /// <summary>Gets the number of channels or features.</summary>
    public int Count => Mean.Count;

    /// <summary>
    /// Creates the in-graph part of a fitted tabular preprocessor: numeric features get the preprocessor's imputed value
    /// for NaN, then its mean and standard deviation; one-hot indicators pass through. The graph's input is then the
    /// row encoded by <see cref="OnnxTabularInput.Encode"/> (raw numbers, NaN when missing, one-hot categories).
    /// </summary>
    /// <param name="preprocessor">The fitted preprocessor.</param>
    /// <returns>The normalization, one entry per feature of <see cref="TabularPreprocessor.FeatureNames"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="preprocessor"/> is null.</exception>
    public static OnnxInputNormalization FromTabularPreprocessor(TabularPreprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        var count = preprocessor.FeatureCount;
        var mean = new float[count];
        var deviation = Enumerable.Repeat(1f, count).ToArray();
        var replacement = new float[count];
        foreach (var column in preprocessor.Columns.Where(column => column.Kind == TabularColumnKind.Numeric))
        {
            mean[column.FeatureOffset] = (float)column.Mean;
            deviation[column.FeatureOffset] = (float)column.StandardDeviation;
            replacement[column.FeatureOffset] = (float)column.ImputedValue;
        }

        return new OnnxInputNormalization(mean, deviation, replacement);
    }

    private static void RequireLength(float[] values, int expected, string parameterName)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected {expected} values (one per channel or feature, as the mean); found {values.Length}."),
                parameterName);
        }
    }

    private static void RequireFinite(float value, int index, string parameterName)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Value {index} is {value}; it must be finite."), parameterName);
        }
    }
}
