using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

using TorchSharp;

namespace Microsoft.ML.Nas.Trainers;

/// <content>The final training of the winner on all the training data, its test, and the result.</content>
public sealed partial class NeuralArchitectureExperiment
{
    /// <summary>The epochs the final training aims for before the time budget is considered.</summary>
    internal static int WantedFinalEpochs(NeuralArchitectureOptions options, TrainingRecipe recipe) =>
        options.FinalTrainingEpochs ?? Math.Min(recipe.Epochs, options.MaxEpochs ?? int.MaxValue);

    private NeuralArchitectureResult Finish(FinalTraining final, CancellationToken cancellationToken)
    {
        var (search, data) = (final.Search, final.Data);
        var task = data.Task;
        var best = search.BestTrial;
        var parameter = best.TrialSettings.Parameter!;
        var architecture = parameter[SearchCostModel.ArchitectureKey];
        var recipe = final.RecipeSpace.FromParameter(parameter[SearchCostModel.RecipeKey]);
        var description = SearchCandidate.Describe(final.Space, architecture, recipe, data.Input, data.Outputs);
        var costs = best.Costs.Count > 0 ? best.Costs : final.CostModel.Estimate(parameter);
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = _seed, Device = _options.Device ?? torch.CPU });
        var epochs = PlanFinalEpochs(final, trainer, description, recipe, cancellationToken);
        var module = trainer.CreateModule(description.Build);
        try
        {
            var training = trainer.Train(
                module,
                recipe with { Epochs = epochs },
                data.All,
                validation: null,
                epoch => _progress?.Invoke(NeuralArchitectureProgress.Create(
                    NeuralArchitecturePhase.FinalTraining, task, best.TrialSettings.TrialId, epoch.Epoch, epochs, epoch.TrainingLoss, null, final.BestLoss)),
                maxEpochs: null,
                cancellationToken);

            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [TrainingResult.TrainingLossName] = training.FinalTrainingLoss,
                [TrainingResult.EpochsName] = training.EpochsCompleted,
                [TrainingResult.TrainingSecondsName] = training.TrainingTime.TotalSeconds,
            };
            var test = data.Test is { } testSet ? trainer.Evaluate(module, testSet, cancellationToken) : null;
            foreach (var (name, value) in test?.ToDictionary() ?? [])
            {
                metrics["test_" + name] = value;
            }

            foreach (var name in metrics.Where(entry => !double.IsFinite(entry.Value)).Select(entry => entry.Key).ToList())
            {
                metrics.Remove(name);
            }

            var objective = best.Metrics.TryGetValue(SearchObjective.MetricName(task), out var bestMetric)
                ? bestMetric
                : SearchObjective.MetricFromLoss(task, best.Loss);
            var model = data.CreateModel(module, description.ToJson(), metrics);
            return new NeuralArchitectureResult
            {
                BestModel = model,
                Task = task,
                BestTrial = best,
                Architecture = final.Space.Summarize(architecture),
                Description = description,
                Recipe = recipe,
                ValidationAccuracy = task == TrainingTask.Classification ? objective : double.NaN,
                ValidationRmse = task == TrainingTask.Regression ? objective : null,
                Costs = costs,
                TestMetrics = test?.Classification,
                TestRegressionMetrics = test?.Regression,
                FinalTrainingEpochs = training.EpochsCompleted,
                FinalTrainingTime = training.TrainingTime,
                SearchTrainingSamples = data.Train.Count,
                SearchValidationSamples = data.Validation.Count,
                FinalTrainingSamples = data.All.Count,
                Leaderboard = NeuralArchitectureResult.BuildLeaderboard(search, final.Space, task),
                Search = search,
            };
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The epochs of the final training. With a time budget and more than one epoch wanted, a probe first trains a
    /// throwaway copy of the winner for two passes over a slice of all the training data (<see cref="FinalTrainingPlan.ProbeSamples"/>)
    /// and times the second: the first pays the one-off costs (kernel selection, first page faults), which made a
    /// one-pass probe 1.5 times too slow on the 30-minute Fashion-MNIST run. The estimate is so taken on the final data,
    /// the final batch size and the machine's load of the moment; the trial's
    /// own timing (another data size, validation included, possibly minutes old) is the fallback. The probe's weights are
    /// discarded and the final module is seeded afresh, so the probe changes nothing but the epoch count.
    /// </summary>
    private int PlanFinalEpochs(FinalTraining final, CandidateTrainer trainer, NetworkDescription description, TrainingRecipe recipe, CancellationToken cancellationToken)
    {
        var wanted = WantedFinalEpochs(_options, recipe);
        var all = final.Data.All;
        if (final.Remaining is not { } remaining || wanted == 1 || remaining <= TimeSpan.Zero)
        {
            return FinalTrainingPlan.Epochs(wanted, final.Remaining, FinalTrainingPlan.SecondsPerEpoch(final.Search.BestTrial, final.Data.Train.Count, all.Count));
        }

        var started = TimeProvider.System.GetTimestamp();
        var probeSamples = FinalTrainingPlan.ProbeSamples(all.Count, recipe.BatchSize);
        using var slice = all.Subset(Enumerable.Range(0, probeSamples).ToArray());
        using var probe = trainer.CreateModule(description.Build);
        var probeTraining = trainer.Train(probe, recipe with { Epochs = 2 }, slice, validation: null, epochCompleted: null, maxEpochs: null, cancellationToken);
        var history = probeTraining.History;
        var timedPass = history.Count >= 2 ? history[1].Elapsed - history[0].Elapsed : probeTraining.TrainingTime; // one pass if it diverged
        var perEpoch = FinalTrainingPlan.SecondsPerEpoch(timedPass, probeSamples, all.Count)
            ?? FinalTrainingPlan.SecondsPerEpoch(final.Search.BestTrial, final.Data.Train.Count, all.Count);
        return FinalTrainingPlan.Epochs(wanted, remaining - TimeProvider.System.GetElapsedTime(started), perEpoch);
    }

    /// <summary>What the final training needs from the search.</summary>
    private sealed record FinalTraining(
        ExperimentResult Search,
        SearchDataSet Data,
        IArchitectureSpace Space,
        TrainingRecipeSpace RecipeSpace,
        SearchCostModel CostModel,
        double? BestLoss,
        TimeSpan? Remaining);
}
