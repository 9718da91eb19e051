using System.Globalization;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// Encodes table rows the way a tabular model exported with <see cref="OnnxInputNormalization.FromTabularPreprocessor"/>
/// takes them: one float per feature of the preprocessor, numeric columns as raw numbers (NaN when missing; the graph
/// imputes and standardizes), categorical columns one-hot as the preprocessor encodes them.
/// </summary>
public static class OnnxTabularInput
{
    /// <summary>Encodes every row of a frame.</summary>
    /// <param name="preprocessor">The fitted preprocessor the model was trained with.</param>
    /// <param name="frame">The rows; it must have every fitted column.</param>
    /// <returns>Rows × <see cref="TabularPreprocessor.FeatureCount"/> values, row-major.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The frame lacks a fitted column, or holds text in a numeric column.</exception>
    public static float[] Encode(TabularPreprocessor preprocessor, TabularFrame frame)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(frame);
        var width = preprocessor.FeatureCount;
        var features = new float[frame.RowCount * width];
        foreach (var fitted in preprocessor.Columns)
        {
            if (!frame.TryGetColumn(fitted.Name, out var column))
            {
                throw new InvalidDataException($"'{frame.SourceName}' has no column '{fitted.Name}', which the preprocessor was fitted on.");
            }

            for (var row = 0; row < frame.RowCount; row++)
            {
                var destination = features.AsSpan(row * width, width);
                if (fitted.Kind == TabularColumnKind.Categorical)
                {
                    fitted.WriteCategory(column.Values[row], destination);
                }
                else
                {
                    destination[fitted.FeatureOffset] = (float)Number(column, row, frame);
                }
            }
        }

        return features;
    }

    private static double Number(TabularColumn column, int row, TabularFrame frame)
    {
        if (column.Numbers is { } numbers)
        {
            return numbers[row];
        }

        var text = column.Values[row]?.Trim();
        if (text is null || frame.MissingValueTokens.Contains(text))
        {
            return double.NaN;
        }

        return TabularValues.TryParseNumber(text, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{frame.SourceName}' line {frame.LineNumbers[row]}, column '{column.Name}': '{text}' is not a number."));
    }
}
