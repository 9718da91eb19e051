using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// Trains one candidate per trial: the joint parameter's architecture is described and built, trained with its recipe
/// on the search split, and validated after every epoch; each epoch's validation error (1 − accuracy) goes to the
/// scheduler, which may prune the trial. The trial's loss is the final validation error.
/// </summary>
internal sealed class SearchTrialRunner : ITrialRunner
{
    public const string ValidationAccuracyName = "validationAccuracy";

    private readonly IArchitectureSpace _space;
    private readonly TrainingRecipeSpace _recipeSpace;
    private readonly TensorDataset _train;
    private readonly TensorDataset _validation;
    private readonly InputShape _input;
    private readonly int _outputs;
    private readonly int _seed;
    private readonly int? _maxEpochs;
    private readonly Action<NeuralArchitectureProgress>? _progress;
    private readonly Lock _lock = new();
    private double? _bestAccuracy;

    public SearchTrialRunner(
        IArchitectureSpace space,
        TrainingRecipeSpace recipeSpace,
        TensorDataset train,
        TensorDataset validation,
        InputShape input,
        int outputs,
        int seed,
        int? maxEpochs,
        Action<NeuralArchitectureProgress>? progress)
    {
        _space = space;
        _recipeSpace = recipeSpace;
        _train = train;
        _validation = validation;
        _input = input;
        _outputs = outputs;
        _seed = seed;
        _maxEpochs = maxEpochs;
        _progress = progress;
    }

    public double? BestAccuracy
    {
        get
        {
            lock (_lock)
            {
                return _bestAccuracy;
            }
        }
    }

    public Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Run(context, cancellationToken));
    }

    private TrialOutcome Run(TrialContext context, CancellationToken cancellationToken)
    {
        var architecture = context.Parameter[SearchCostModel.ArchitectureKey];
        var recipe = _recipeSpace.FromParameter(context.Parameter[SearchCostModel.RecipeKey]);
        var description = _space.Describe(architecture, _input, _outputs);
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = unchecked(_seed + context.TrialId) });
        using var module = trainer.CreateModule(description.Build);
        var epochs = Math.Min(recipe.Epochs, _maxEpochs ?? int.MaxValue);
        var result = trainer.Train(
            module,
            recipe,
            _train,
            _validation,
            epoch =>
            {
                var accuracy = epoch.Validation?.Classification?.Accuracy ?? 0;
                _progress?.Invoke(new NeuralArchitectureProgress(
                    NeuralArchitecturePhase.Search, context.TrialId, epoch.Epoch, epochs, epoch.TrainingLoss, accuracy, BestAccuracy));
                context.ReportIntermediate(epoch.Epoch, 1 - accuracy);
            },
            _maxEpochs,
            cancellationToken);

        var finalAccuracy = result.Diverged ? 0 : result.FinalValidation?.Classification?.Accuracy ?? 0;
        lock (_lock)
        {
            if (_bestAccuracy is not { } best || finalAccuracy > best)
            {
                _bestAccuracy = finalAccuracy;
            }
        }

        var metrics = result.ToMetrics();
        metrics[ValidationAccuracyName] = finalAccuracy;
        return new TrialOutcome { Loss = 1 - finalAccuracy, Metrics = metrics };
    }
}
