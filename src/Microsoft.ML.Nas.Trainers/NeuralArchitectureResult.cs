using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>The outcome of a neural architecture search: the final model, how it scored, and every trained candidate.</summary>
public sealed partial class NeuralArchitectureResult : IDisposable
{
    internal NeuralArchitectureResult()
    {
    }

    /// <summary>Gets the best candidate retrained on all the training data with its recipe; disposed with this result.</summary>
    public required NasModel BestModel { get; init; }

    /// <summary>Gets the engine's record of the best trial (parameter, loss = 1 − validation accuracy, metrics, costs).</summary>
    public required TrialResult BestTrial { get; init; }

    /// <summary>Gets a one-line summary of the best architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>Gets the layer-by-layer description of the best architecture.</summary>
    public required NetworkDescription Description { get; init; }

    /// <summary>Gets the training recipe of the best trial, used for the final training.</summary>
    public required TrainingRecipe Recipe { get; init; }

    /// <summary>Gets the best trial's validation accuracy during the search.</summary>
    public required double ValidationAccuracy { get; init; }

    /// <summary>Gets the best architecture's costs (see <see cref="CostNames"/>): parameters, MACs, peak memory, latency.</summary>
    public required IReadOnlyDictionary<string, double> Costs { get; init; }

    /// <summary>Gets the final model's metrics on the test set, or <see langword="null"/> when no test set was given.</summary>
    public required ClassificationMetrics? TestMetrics { get; init; }

    /// <summary>Gets every completed or pruned trial, best validation accuracy first.</summary>
    public required IReadOnlyList<NeuralArchitectureLeaderboardEntry> Leaderboard { get; init; }

    /// <summary>Gets the engine's result (every trial, the Pareto front, why the search stopped).</summary>
    public required ExperimentResult Search { get; init; }

    /// <summary>Gets the best architecture's latency at batch 1 in milliseconds, or <see langword="null"/> when not estimated.</summary>
    public double? LatencyMilliseconds => Costs.TryGetValue(CostNames.LatencyMilliseconds, out var value) ? value : null;

    /// <summary>Disposes <see cref="BestModel"/>.</summary>
    public void Dispose() => BestModel.Dispose();

    internal static List<NeuralArchitectureLeaderboardEntry> BuildLeaderboard(ExperimentResult search, IArchitectureSpace space)
    {
        var entries = new List<NeuralArchitectureLeaderboardEntry>();
        foreach (var trial in search.Trials)
        {
            if (trial.Status is not (TrialStatus.Completed or TrialStatus.Pruned) || trial.TrialSettings.Parameter is not { } parameter)
            {
                continue;
            }

            var accuracy = trial.Metrics.TryGetValue(SearchTrialRunner.ValidationAccuracyName, out var value)
                ? value
                : trial.IntermediateValues.Count > 0 ? 1 - trial.IntermediateValues[^1] : double.NaN;
            entries.Add(new NeuralArchitectureLeaderboardEntry(
                trial.TrialSettings.TrialId,
                trial.Status,
                space.Summarize(parameter[SearchCostModel.ArchitectureKey]),
                accuracy,
                trial.Metrics.TryGetValue(TrainingResult.EpochsName, out var epochs) ? (int)epochs : trial.IntermediateValues.Count,
                (long)Cost(trial, CostNames.Parameters),
                (long)Cost(trial, CostNames.Macs),
                trial.Costs.TryGetValue(CostNames.LatencyMilliseconds, out var latency) ? latency : null,
                trial.DurationInMilliseconds / 1000));
        }

        return [.. entries.OrderByDescending(entry => double.IsNaN(entry.ValidationAccuracy) ? double.MinValue : entry.ValidationAccuracy)
            .ThenBy(entry => entry.TrialId)];
    }

    private static double Cost(TrialResult trial, string name) => trial.Costs.TryGetValue(name, out var value) ? value : 0;
}
