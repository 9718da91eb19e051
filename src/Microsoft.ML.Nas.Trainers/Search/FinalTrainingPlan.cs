using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// How long the final training of the winner runs when the whole search has a time budget: the epochs that fit the
/// time left, estimated from a short probe of the winner on the final data (or, without one, from the winning trial's
/// measured seconds per epoch). Pure arithmetic, so the same measurements always give the same plan.
/// </summary>
internal static class FinalTrainingPlan
{
    /// <summary>
    /// The search's own budget: the total less the reserved share and less what was spent before the search started
    /// (data preparation, the feasibility check); never below one millisecond.
    /// </summary>
    public static TimeSpan SearchBudget(TimeSpan total, double finalTrainingTimeFraction, TimeSpan spentBeforeSearch)
    {
        var budget = (total * (1 - finalTrainingTimeFraction)) - spentBeforeSearch;
        return budget > TimeSpan.FromMilliseconds(1) ? budget : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// Seconds per epoch of the final training, estimated from a trial: its training time (validation included, so the
    /// estimate errs long) over its epochs, scaled by how many more samples the final training sees.
    /// </summary>
    /// <returns>The estimate, or <see langword="null"/> when the trial recorded no epoch or no time.</returns>
    public static double? SecondsPerEpoch(TrialResult trial, int searchTrainingSamples, int finalTrainingSamples)
    {
        if (!trial.Metrics.TryGetValue(TrainingResult.EpochsName, out var epochs) || epochs < 1)
        {
            return null;
        }

        var seconds = trial.Metrics.TryGetValue(TrainingResult.TrainingSecondsName, out var measured) ? measured : trial.DurationInMilliseconds / 1000;
        if (!(seconds > 0))
        {
            return null;
        }

        return seconds / epochs * finalTrainingSamples / searchTrainingSamples;
    }

    /// <summary>
    /// How many samples the probe before the final training trains on: a twenty-fifth of the data, at least eight batches,
    /// at most all of it. Enough steps that the first step's set-up cost is a small part of the timing.
    /// </summary>
    public static int ProbeSamples(int finalTrainingSamples, int batchSize) =>
        Math.Min(finalTrainingSamples, Math.Max(finalTrainingSamples / 25, 8 * batchSize));

    /// <summary>Seconds per epoch of the final training from a probe that trained <paramref name="probeSamples"/> of its samples.</summary>
    /// <returns>The estimate, or <see langword="null"/> when the probe measured no time.</returns>
    public static double? SecondsPerEpoch(TimeSpan probeTime, int probeSamples, int finalTrainingSamples) =>
        probeTime > TimeSpan.Zero && probeSamples > 0 ? probeTime.TotalSeconds * finalTrainingSamples / probeSamples : null;

    /// <summary>
    /// The share of the time left that the final training plans to fill: 0.8. Epoch times drift on a shared machine, and
    /// a planned schedule cannot be cut short without losing its annealed end. On the 30-minute Fashion-MNIST run the
    /// probe measured 62 s per epoch and the 20 planned epochs averaged 79 s (later epochs slower than early ones), so the
    /// run ended 19% over its budget; planning for 80% of the time absorbs such a drift.
    /// </summary>
    public const double PlannedShare = 0.8;

    /// <summary>
    /// The epochs of the final training: <paramref name="wantedEpochs"/> when there is no time budget or no estimate,
    /// otherwise the most whole epochs that fit <see cref="PlannedShare"/> of <paramref name="remaining"/>, at most
    /// <paramref name="wantedEpochs"/> and at least 1 (a model needs one epoch, even when the budget is already spent).
    /// </summary>
    public static int Epochs(int wantedEpochs, TimeSpan? remaining, double? secondsPerEpoch)
    {
        if (remaining is not { } left || secondsPerEpoch is not { } perEpoch)
        {
            return wantedEpochs;
        }

        var fitting = Math.Floor(left.TotalSeconds * PlannedShare / perEpoch);
        return fitting >= wantedEpochs ? wantedEpochs : Math.Max(1, (int)fitting);
    }
}
