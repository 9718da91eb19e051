using System.Globalization;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Training;

using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// Trains one candidate per trial: the joint parameter's architecture is described (with the recipe's dropout before its
/// head, see <see cref="SearchCandidate"/>) and built, trained with its recipe on the search split, and validated after
/// every epoch; each epoch's objective (<see cref="SearchObjective"/>: 1 − accuracy, or RMSE for regression) goes to the
/// scheduler, which may prune the trial. The trial's loss is the final objective. After every trial the allocator's free
/// memory goes back to the system (<see cref="TorchEngine.ReleaseFreeMemory"/>).
/// </summary>
internal sealed class SearchTrialRunner : ITrialRunner
{
    private readonly IArchitectureSpace _space;
    private readonly TrainingRecipeSpace _recipeSpace;
    private readonly SearchDataSet _data;
    private readonly int _seed;
    private readonly int? _maxEpochs;
    private readonly Action<NeuralArchitectureProgress>? _progress;
    private readonly torch.Device _device;
    private readonly Lock _lock = new();
    private double? _bestLoss;

    public SearchTrialRunner(
        IArchitectureSpace space,
        TrainingRecipeSpace recipeSpace,
        SearchDataSet data,
        int seed,
        int? maxEpochs,
        Action<NeuralArchitectureProgress>? progress,
        torch.Device? device = null)
    {
        _device = device ?? torch.CPU;
        _space = space;
        _recipeSpace = recipeSpace;
        _data = data;
        _seed = seed;
        _maxEpochs = maxEpochs;
        _progress = progress;
    }

    /// <summary>Gets the best final objective of any completed trial of this run, or <see langword="null"/>.</summary>
    public double? BestLoss
    {
        get
        {
            lock (_lock)
            {
                return _bestLoss;
            }
        }
    }

    public Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return Task.FromResult(Run(context, cancellationToken));
        }
        finally
        {
            // The candidate's tensors are gone; give their memory back so that the next network, with other block
            // sizes, does not pile its blocks on top (resident memory would climb to the largest network so far).
            TorchEngine.ReleaseFreeMemory();
        }
    }

    private TrialOutcome Run(TrialContext context, CancellationToken cancellationToken)
    {
        var task = _data.Task;
        var recipe = _recipeSpace.FromParameter(context.Parameter[SearchCostModel.RecipeKey]);
        var description = SearchCandidate.Describe(_space, context.Parameter[SearchCostModel.ArchitectureKey], recipe, _data.Input, _data.Outputs);
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = unchecked(_seed + context.TrialId), Device = _device });
        using var module = trainer.CreateModule(description.Build);
        var epochs = Math.Min(recipe.Epochs, _maxEpochs ?? int.MaxValue);
        var result = trainer.Train(
            module,
            recipe,
            _data.Train,
            _data.Validation,
            epoch =>
            {
                var loss = SearchObjective.Loss(task, epoch.Validation);
                _progress?.Invoke(NeuralArchitectureProgress.Create(
                    NeuralArchitecturePhase.Search, task, context.TrialId, epoch.Epoch, epochs, epoch.TrainingLoss, loss, BestLoss));
                if (loss is { } value)
                {
                    context.ReportIntermediate(epoch.Epoch, value);
                }
                else if (task == TrainingTask.Classification)
                {
                    context.ReportIntermediate(epoch.Epoch, SearchObjective.DivergedClassificationLoss);
                }
            },
            _maxEpochs,
            cancellationToken);

        var finalLoss = result.Diverged ? null : SearchObjective.Loss(task, result.FinalValidation);
        if (finalLoss is null && task == TrainingTask.Regression)
        {
            // Classification has a worst loss to give a diverged candidate (accuracy 0); regression has none.
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The candidate diverged after {result.EpochsCompleted} epoch(s): its loss or outputs were not finite. The learning rate ({recipe.LearningRate:G3}) is probably too high for it."));
        }

        var trialLoss = finalLoss ?? SearchObjective.DivergedClassificationLoss;
        lock (_lock)
        {
            if (_bestLoss is not { } best || trialLoss < best)
            {
                _bestLoss = trialLoss;
            }
        }

        var metrics = result.ToMetrics();
        metrics[SearchObjective.MetricName(task)] = SearchObjective.MetricFromLoss(task, trialLoss);
        return new TrialOutcome { Loss = trialLoss, Metrics = metrics };
    }
}
