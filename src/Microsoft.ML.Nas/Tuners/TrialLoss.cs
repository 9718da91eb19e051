using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>Reads the loss and objectives of a finished trial the way every tuner treats them.</summary>
/// <remarks>
/// Completed and pruned trials keep their (partial) loss; failed and rejected trials, and any non-finite value
/// (NaN, +∞ or −∞), count as the worst possible outcome, <see cref="double.PositiveInfinity"/>.
/// </remarks>
internal static class TrialLoss
{
    /// <summary>Returns the finite loss of <paramref name="result"/>, or +∞ when the trial gave no usable loss.</summary>
    public static double LossOf(TrialResult result)
    {
        if (!HasValue(result.Status) || !double.IsFinite(result.Loss))
        {
            return double.PositiveInfinity;
        }

        return result.Loss;
    }

    /// <summary>
    /// Returns the objective vector of <paramref name="result"/> (its <see cref="TrialResult.Objectives"/>, or
    /// [<see cref="TrialResult.Loss"/>] when that is null) with non-finite entries replaced by +∞, or
    /// <see langword="null"/> when the trial failed, was rejected or reported an empty vector.
    /// </summary>
    public static double[]? ObjectivesOf(TrialResult result)
    {
        if (!HasValue(result.Status))
        {
            return null;
        }

        IReadOnlyList<double> source = result.Objectives ?? [result.Loss];
        if (source.Count == 0)
        {
            return null;
        }

        var objectives = new double[source.Count];
        for (var i = 0; i < objectives.Length; i++)
        {
            objectives[i] = double.IsFinite(source[i]) ? source[i] : double.PositiveInfinity;
        }

        return objectives;
    }

    private static bool HasValue(TrialStatus status) => status is TrialStatus.Completed or TrialStatus.Pruned;
}
