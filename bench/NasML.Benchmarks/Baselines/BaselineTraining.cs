using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Training;

namespace NasML.Benchmarks.Baselines;

/// <summary>
/// Trains a baseline with a given recipe for a given wall time: the epochs are the most whole epochs that fit the time,
/// estimated from a short probe, so the cosine schedule is sized to the run as it is for the searched model's final
/// training (the library's final-training plan also fits whole epochs to the time left).
/// </summary>
internal static class BaselineTraining
{
    /// <summary>Batches of the timing probe: two probe epochs of this many batches; the second is timed.</summary>
    private const int ProbeBatches = 24;

    /// <summary>Estimates one epoch's seconds on <paramref name="train"/>: a throwaway copy trains two short epochs on a subset and the second is timed.</summary>
    public static double SecondsPerEpoch(NetworkDescription network, TrainingRecipe recipe, TensorDataset train, int seed)
    {
        var probeCount = Math.Min(train.Count, ProbeBatches * recipe.BatchSize);
        using var probe = train.Subset([.. Enumerable.Range(0, probeCount)]);
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = seed });
        using var module = trainer.CreateModule(network.Build);
        var result = trainer.Train(module, recipe with { Epochs = 2 }, probe);
        var second = result.History[1].Elapsed - result.History[0].Elapsed;
        return second.TotalSeconds * train.Count / probeCount;
    }

    /// <summary>
    /// The most whole epochs of <paramref name="secondsPerEpoch"/> that fit <paramref name="seconds"/>; when not even one
    /// fits (short development runs), one epoch over the share of the <paramref name="count"/> images that fits, at
    /// least <paramref name="minimumCount"/>.
    /// </summary>
    public static (int Epochs, int Images) PlanThatFits(double seconds, double secondsPerEpoch, int count, int minimumCount)
    {
        var epochs = (int)Math.Floor(seconds / secondsPerEpoch);
        return epochs >= 1 ? (epochs, count) : (1, Math.Clamp((int)(count * seconds / secondsPerEpoch), Math.Min(minimumCount, count), count));
    }

    /// <summary>Trains a fresh network for <paramref name="epochs"/> epochs and evaluates it on the test set.</summary>
    public static BaselineRun Train(NetworkDescription network, TrainingRecipe recipe, int epochs, TensorDataset train, TensorDataset test, int seed, Action<EpochReport>? epochCompleted)
    {
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = seed });
        using var module = trainer.CreateModule(network.Build);
        var result = trainer.Train(module, recipe with { Epochs = epochs }, train, validation: null, epochCompleted);
        // A training that diverged has non-finite outputs and no classification metrics: it counts as accuracy 0.
        var metrics = trainer.Evaluate(module, test).Classification;
        return new BaselineRun(result.EpochsCompleted, result.TrainingTime.TotalSeconds, metrics?.Accuracy ?? 0);
    }
}
