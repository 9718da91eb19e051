using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Quality of class predictions: accuracy, macro-averaged F1 and log-loss, computed from scores and true labels.</summary>
/// <remarks>
/// Definitions follow scikit-learn: the predicted class is the arg-max score (the first on ties); macro-F1 averages
/// F1 = 2·TP / (2·TP + FP + FN) over the classes that occur in the labels or the predictions (a class with no true and
/// no predicted sample is left out; F1 is 0 for a present class with TP = 0); log-loss is the mean of −ln p(true class),
/// from logits through a stable log-softmax, or from probabilities normalised per row and clipped to [1e-15, 1].
/// </remarks>
public sealed record ClassificationMetrics
{
    /// <summary>The metric name of <see cref="Accuracy"/>: <c>"accuracy"</c>.</summary>
    public const string AccuracyName = "accuracy";

    /// <summary>The metric name of <see cref="MacroF1"/>: <c>"macroF1"</c>.</summary>
    public const string MacroF1Name = "macroF1";

    /// <summary>The metric name of <see cref="LogLoss"/>: <c>"logLoss"</c>.</summary>
    public const string LogLossName = "logLoss";

    private const double ProbabilityFloor = 1e-15;

    /// <summary>Gets the fraction of samples whose predicted class is the true class, in [0, 1].</summary>
    public required double Accuracy { get; init; }

    /// <summary>Gets the macro-averaged F1 score, in [0, 1].</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Gets the mean negative log-likelihood of the true classes (natural log); 0 is perfect.</summary>
    public required double LogLoss { get; init; }

    /// <summary>Gets the number of samples evaluated.</summary>
    public required int Count { get; init; }

    /// <summary>Computes the metrics from logits (unnormalised scores).</summary>
    /// <param name="logits">Row-major scores, <c>labels.Length × classCount</c>; finite.</param>
    /// <param name="classCount">The number of classes K; at least 2.</param>
    /// <param name="labels">The true class of each sample, in [0, K).</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The sizes disagree, there are no samples, a label is out of range or a score is not finite.</exception>
    public static ClassificationMetrics FromLogits(ReadOnlySpan<float> logits, int classCount, ReadOnlySpan<int> labels) =>
        Compute(logits, classCount, labels, fromLogits: true);

    /// <summary>Computes the metrics from class probabilities.</summary>
    /// <param name="probabilities">Row-major probabilities, <c>labels.Length × classCount</c>; not negative, each row with a positive sum.</param>
    /// <param name="classCount">The number of classes K; at least 2.</param>
    /// <param name="labels">The true class of each sample, in [0, K).</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The sizes disagree, there are no samples, a label is out of range or a probability is invalid.</exception>
    public static ClassificationMetrics FromProbabilities(ReadOnlySpan<float> probabilities, int classCount, ReadOnlySpan<int> labels) =>
        Compute(probabilities, classCount, labels, fromLogits: false);

    /// <summary>Lists the metrics by name (<see cref="AccuracyName"/>, <see cref="MacroF1Name"/>, <see cref="LogLossName"/>), as a trial reports them.</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, double> ToDictionary() => new(StringComparer.Ordinal)
    {
        [AccuracyName] = Accuracy,
        [MacroF1Name] = MacroF1,
        [LogLossName] = LogLoss,
    };

    private static ClassificationMetrics Compute(ReadOnlySpan<float> scores, int classCount, ReadOnlySpan<int> labels, bool fromLogits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var count = labels.Length;
        if (count == 0)
        {
            throw new ArgumentException("Metrics need at least one sample.", nameof(labels));
        }

        if (scores.Length != (long)count * classCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{scores.Length} scores for {count} samples of {classCount} classes (expected {(long)count * classCount})."),
                nameof(scores));
        }

        var truePositives = new int[classCount];
        var predicted = new int[classCount];
        var actual = new int[classCount];
        var correct = 0;
        double logLossSum = 0;
        for (var i = 0; i < count; i++)
        {
            var label = labels[i];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Label {label} of sample {i} is outside [0, {classCount})."), nameof(labels));
            }

            var row = scores.Slice(i * classCount, classCount);
            var best = 0;
            double sum = 0;
            for (var c = 0; c < classCount; c++)
            {
                if (!float.IsFinite(row[c]) || (!fromLogits && row[c] < 0))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Score {row[c]} of sample {i}, class {c} is {(fromLogits ? "not finite" : "not a probability")}."),
                        nameof(scores));
                }

                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (fromLogits)
            {
                // log-sum-exp around the maximum: −ln softmax(z)_y = max + ln Σ exp(z − max) − z_y.
                for (var c = 0; c < classCount; c++)
                {
                    sum += Math.Exp(row[c] - (double)row[best]);
                }

                logLossSum += row[best] + Math.Log(sum) - row[label];
            }
            else
            {
                for (var c = 0; c < classCount; c++)
                {
                    sum += row[c];
                }

                if (sum <= 0)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The probabilities of sample {i} sum to {sum}."), nameof(scores));
                }

                logLossSum -= Math.Log(Math.Clamp(row[label] / sum, ProbabilityFloor, 1));
            }

            predicted[best]++;
            actual[label]++;
            if (best == label)
            {
                truePositives[label]++;
                correct++;
            }
        }

        double f1Sum = 0;
        var present = 0;
        for (var c = 0; c < classCount; c++)
        {
            if (actual[c] + predicted[c] == 0)
            {
                continue;
            }

            present++;
            var falsePositives = predicted[c] - truePositives[c];
            var falseNegatives = actual[c] - truePositives[c];
            f1Sum += 2.0 * truePositives[c] / ((2.0 * truePositives[c]) + falsePositives + falseNegatives);
        }

        return new ClassificationMetrics
        {
            Accuracy = (double)correct / count,
            MacroF1 = f1Sum / present,
            LogLoss = logLossSum / count,
            Count = count,
        };
    }
}
