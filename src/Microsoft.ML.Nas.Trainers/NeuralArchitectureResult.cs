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

    /// <summary>
    /// Gets the best candidate retrained on all the training data with its recipe (for <see cref="FinalTrainingEpochs"/>
    /// epochs), with the preprocessing that turns raw images or rows into its inputs; disposed with this result.
    /// </summary>
    public required NasModel BestModel { get; init; }

    /// <summary>Gets classification or regression.</summary>
    public required TrainingTask Task { get; init; }

    /// <summary>
    /// Gets the engine's record of the best trial (parameter, loss = 1 − validation accuracy or the validation RMSE,
    /// metrics, costs).
    /// </summary>
    public required TrialResult BestTrial { get; init; }

    /// <summary>Gets a one-line summary of the best architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>Gets the layer-by-layer description of the final network (the recipe's dropout included in its head).</summary>
    public required NetworkDescription Description { get; init; }

    /// <summary>Gets the training recipe of the best trial; the final training uses it for <see cref="FinalTrainingEpochs"/> epochs.</summary>
    public required TrainingRecipe Recipe { get; init; }

    /// <summary>Gets the best trial's validation accuracy during the search; <see cref="double.NaN"/> for regression.</summary>
    public required double ValidationAccuracy { get; init; }

    /// <summary>Gets the best trial's validation RMSE (targets' units) during the search; <see langword="null"/> for classification.</summary>
    public required double? ValidationRmse { get; init; }

    /// <summary>Gets the best architecture's costs (see <see cref="CostNames"/>): parameters, MACs, peak memory, latency.</summary>
    public required IReadOnlyDictionary<string, double> Costs { get; init; }

    /// <summary>Gets the final model's classification metrics on the test set, or <see langword="null"/> (no test set, or regression).</summary>
    public required ClassificationMetrics? TestMetrics { get; init; }

    /// <summary>Gets the final model's regression metrics (RMSE, MAE, R², targets' units) on the test set, or <see langword="null"/> (no test set, or classification).</summary>
    public required RegressionMetrics? TestRegressionMetrics { get; init; }

    /// <summary>
    /// Gets the epochs the final training ran: <see cref="NeuralArchitectureOptions.FinalTrainingEpochs"/> or the recipe's,
    /// reduced to what fit the time budget's remainder.
    /// </summary>
    public required int FinalTrainingEpochs { get; init; }

    /// <summary>Gets how long the final training took.</summary>
    public required TimeSpan FinalTrainingTime { get; init; }

    /// <summary>Gets how many samples the search's candidates trained on (fewer than the training split when <see cref="NeuralArchitectureOptions.MaxSearchSamples"/> limits it).</summary>
    public required int SearchTrainingSamples { get; init; }

    /// <summary>Gets how many samples the search's candidates were validated on.</summary>
    public required int SearchValidationSamples { get; init; }

    /// <summary>Gets how many samples the final training used: all of the training data.</summary>
    public required int FinalTrainingSamples { get; init; }

    /// <summary>Gets every completed or pruned trial, best first (highest validation accuracy, or lowest validation RMSE).</summary>
    public required IReadOnlyList<NeuralArchitectureLeaderboardEntry> Leaderboard { get; init; }

    /// <summary>Gets the engine's result (every trial, the Pareto front, why the search stopped).</summary>
    public required ExperimentResult Search { get; init; }

    /// <summary>Gets the best architecture's latency at batch 1 in milliseconds, or <see langword="null"/> when not estimated.</summary>
    public double? LatencyMilliseconds => Costs.TryGetValue(CostNames.LatencyMilliseconds, out var value) ? value : null;

    /// <summary>Disposes <see cref="BestModel"/>.</summary>
    public void Dispose() => BestModel.Dispose();

    internal static List<NeuralArchitectureLeaderboardEntry> BuildLeaderboard(ExperimentResult search, IArchitectureSpace space, TrainingTask task)
    {
        var entries = new List<(double Loss, NeuralArchitectureLeaderboardEntry Entry)>();
        foreach (var trial in search.Trials)
        {
            if (trial.Status is not (TrialStatus.Completed or TrialStatus.Pruned) || trial.TrialSettings.Parameter is not { } parameter)
            {
                continue;
            }

            var loss = trial.Metrics.TryGetValue(SearchObjective.MetricName(task), out var metric)
                ? SearchObjective.LossFromMetric(task, metric)
                : trial.IntermediateValues.Count > 0 ? trial.IntermediateValues[^1] : double.NaN;
            var value = SearchObjective.MetricFromLoss(task, loss);
            entries.Add((loss, new NeuralArchitectureLeaderboardEntry(
                trial.TrialSettings.TrialId,
                trial.Status,
                space.Summarize(parameter[SearchCostModel.ArchitectureKey]),
                task == TrainingTask.Classification ? value : double.NaN,
                trial.Metrics.TryGetValue(TrainingResult.EpochsName, out var epochs) ? (int)epochs : trial.IntermediateValues.Count,
                (long)Cost(trial, CostNames.Parameters),
                (long)Cost(trial, CostNames.Macs),
                trial.Costs.TryGetValue(CostNames.LatencyMilliseconds, out var latency) ? latency : null,
                trial.DurationInMilliseconds / 1000,
                task == TrainingTask.Regression && !double.IsNaN(value) ? value : null)));
        }

        return [.. entries.OrderBy(entry => double.IsNaN(entry.Loss) ? double.MaxValue : entry.Loss)
            .ThenBy(entry => entry.Entry.TrialId)
            .Select(entry => entry.Entry)];
    }

    private static double Cost(TrialResult trial, string name) => trial.Costs.TryGetValue(name, out var value) ? value : 0;
}
