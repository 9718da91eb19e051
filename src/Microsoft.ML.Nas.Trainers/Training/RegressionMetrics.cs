using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Quality of real-valued predictions: root mean squared error, mean absolute error and R², in the targets' units.</summary>
/// <remarks>
/// R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², as scikit-learn's <c>r2_score</c>; when the targets are constant it is 1 for perfect
/// predictions and 0 otherwise (scikit-learn's <c>force_finite</c>).
/// </remarks>
public sealed record RegressionMetrics
{
    /// <summary>The metric name of <see cref="Rmse"/>: <c>"rmse"</c>.</summary>
    public const string RmseName = "rmse";

    /// <summary>The metric name of <see cref="Mae"/>: <c>"mae"</c>.</summary>
    public const string MaeName = "mae";

    /// <summary>The metric name of <see cref="RSquared"/>: <c>"r2"</c>.</summary>
    public const string RSquaredName = "r2";

    /// <summary>Gets the root mean squared error.</summary>
    public required double Rmse { get; init; }

    /// <summary>Gets the mean absolute error.</summary>
    public required double Mae { get; init; }

    /// <summary>Gets the coefficient of determination R² (1 is perfect, 0 is the mean's quality, negative is worse).</summary>
    public required double RSquared { get; init; }

    /// <summary>Gets the number of samples evaluated.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the mean squared error (<see cref="Rmse"/> squared).</summary>
    public double Mse => Rmse * Rmse;

    /// <summary>Computes the metrics.</summary>
    /// <param name="predictions">The predicted values; finite.</param>
    /// <param name="targets">The true values, as many; finite.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The lengths differ, there are no samples, or a value is not finite.</exception>
    public static RegressionMetrics Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException($"{predictions.Length} predictions for {targets.Length} targets.", nameof(predictions));
        }

        var count = targets.Length;
        if (count == 0)
        {
            throw new ArgumentException("Metrics need at least one sample.", nameof(targets));
        }

        double targetSum = 0;
        for (var i = 0; i < count; i++)
        {
            if (!float.IsFinite(predictions[i]) || !float.IsFinite(targets[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Sample {i} has prediction {predictions[i]} and target {targets[i]}; both must be finite."),
                    nameof(predictions));
            }

            targetSum += targets[i];
        }

        var mean = targetSum / count;
        double squaredErrors = 0;
        double absoluteErrors = 0;
        double totalSquares = 0;
        for (var i = 0; i < count; i++)
        {
            var error = (double)targets[i] - predictions[i];
            squaredErrors += error * error;
            absoluteErrors += Math.Abs(error);
            totalSquares += (targets[i] - mean) * (targets[i] - mean);
        }

        var rSquared = totalSquares > 0 ? 1 - (squaredErrors / totalSquares) : squaredErrors == 0 ? 1 : 0;
        return new RegressionMetrics
        {
            Rmse = Math.Sqrt(squaredErrors / count),
            Mae = absoluteErrors / count,
            RSquared = rSquared,
            Count = count,
        };
    }

    /// <summary>Lists the metrics by name (<see cref="RmseName"/>, <see cref="MaeName"/>, <see cref="RSquaredName"/>), as a trial reports them.</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, double> ToDictionary() => new(StringComparer.Ordinal)
    {
        [RmseName] = Rmse,
        [MaeName] = Mae,
        [RSquaredName] = RSquared,
    };
}
