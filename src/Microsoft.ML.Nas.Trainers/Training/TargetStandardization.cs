using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// The standardization of regression targets fitted on training data: a network learns <c>(y − Mean) / StandardDeviation</c>
/// and its outputs are mapped back with <see cref="Restore"/>. Standardized targets keep the loss near 1 whatever the
/// targets' units, so one learning-rate range fits every table.
/// </summary>
public sealed record TargetStandardization
{
    /// <summary>Initializes a standardization from known constants.</summary>
    /// <param name="mean">The mean target; finite.</param>
    /// <param name="standardDeviation">The standard deviation; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public TargetStandardization(double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        }

        if (!double.IsFinite(standardDeviation) || standardDeviation <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be positive and finite.");
        }

        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <summary>Gets the mean target.</summary>
    public double Mean { get; }

    /// <summary>Gets the standard deviation of the targets.</summary>
    public double StandardDeviation { get; }

    /// <summary>Fits the mean and population standard deviation of targets; constant targets get a standard deviation of 1.</summary>
    /// <param name="targets">The targets; at least one, all finite.</param>
    /// <returns>The standardization.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="targets"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no targets or one is not finite.</exception>
    public static TargetStandardization Fit(IReadOnlyList<float> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("Fitting a standardization needs at least one target.", nameof(targets));
        }

        double mean = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            if (!float.IsFinite(targets[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Target {i} ({targets[i]}) is not finite."), nameof(targets));
            }

            mean += targets[i];
        }

        mean /= targets.Count;
        double sumOfSquares = 0;
        foreach (var target in targets)
        {
            sumOfSquares += (target - mean) * (target - mean);
        }

        var deviation = Math.Sqrt(sumOfSquares / targets.Count);
        return new TargetStandardization(mean, deviation > 0 ? deviation : 1);
    }

    /// <summary>Maps a target to standardized units.</summary>
    /// <param name="target">The target.</param>
    /// <returns><c>(target − Mean) / StandardDeviation</c>.</returns>
    public double Standardize(double target) => (target - Mean) / StandardDeviation;

    /// <summary>Maps a standardized value (a network's output) back to target units.</summary>
    /// <param name="standardized">The standardized value.</param>
    /// <returns><c>standardized · StandardDeviation + Mean</c>.</returns>
    public double Restore(double standardized) => (standardized * StandardDeviation) + Mean;
}
