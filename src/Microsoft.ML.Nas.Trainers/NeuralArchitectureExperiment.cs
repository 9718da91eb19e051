using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>
/// A neural architecture search over an image classification set: architectures and training recipes are searched
/// jointly (the search space is <c>{ "architecture": …, "recipe": … }</c>), each candidate trained on a stratified
/// training split and validated on the rest, the winner retrained on all the training data. Configure with the fluent
/// <c>Set*</c> methods and start with <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// The default tuner is regularized evolution (<see cref="EvolutionTuner"/>): architecture spaces are mostly
/// categorical and conditional, where mutation of the best of a random sample works well and cheaply, and with
/// hardware constraints its early-exit filter asks the cost model before proposing, so infeasible networks are skipped
/// without counting as rejected trials. Cost-frugal search (CFO) walks a continuous neighbourhood from a cheap start,
/// which suits numeric hyperparameters more than choices of blocks; pass it with <see cref="SetTuner"/> if wanted.
/// </remarks>
public sealed class NeuralArchitectureExperiment
{
    private readonly NasImageData _trainData;
    private readonly NeuralArchitectureOptions _options;
    private int _seed;
    private int? _maxTrials;
    private TimeSpan? _trainingTime;
    private string? _checkpointPath;
    private IMonitor? _monitor;
    private Func<SearchSpace, int, Func<Parameter, bool>?, ITuner>? _tunerFactory;
    private Action<NeuralArchitectureProgress>? _progress;

    internal NeuralArchitectureExperiment(NasImageData trainData, NeuralArchitectureOptions options, int seed)
    {
        _trainData = trainData;
        _options = options;
        _seed = seed;
    }

    /// <summary>Sets the time budget of the search (the final training of the winner comes after it).</summary>
    /// <param name="seconds">At least 1.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is below 1.</exception>
    public NeuralArchitectureExperiment SetTrainingTimeInSeconds(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        _trainingTime = TimeSpan.FromSeconds(seconds);
        return this;
    }

    /// <summary>Sets the most trials (rejected ones included) the search runs.</summary>
    /// <param name="maxTrials">At least 1.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTrials"/> is below 1.</exception>
    public NeuralArchitectureExperiment SetMaxTrials(int maxTrials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrials, 1);
        _maxTrials = maxTrials;
        return this;
    }

    /// <summary>Stores every trial in a SQLite file; running again with the same file resumes the search.</summary>
    /// <param name="sqlitePath">The file; created with its folder when missing.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentException"><paramref name="sqlitePath"/> is null or empty.</exception>
    public NeuralArchitectureExperiment SetCheckpoint(string sqlitePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sqlitePath);
        _checkpointPath = sqlitePath;
        return this;
    }

    /// <summary>Receives the engine's trial events (running, completed, failed, rejected, pruned, best).</summary>
    /// <param name="monitor">The monitor.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="monitor"/> is <see langword="null"/>.</exception>
    public NeuralArchitectureExperiment SetMonitor(IMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _monitor = monitor;
        return this;
    }

    /// <summary>Receives every finished epoch of every trial and of the final training, on the training thread.</summary>
    /// <param name="progress">The callback; keep it quick.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is <see langword="null"/>.</exception>
    public NeuralArchitectureExperiment SetProgress(Action<NeuralArchitectureProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _progress = progress;
        return this;
    }

    /// <summary>Replaces the default tuner (regularized evolution with the constraints' early-exit filter).</summary>
    /// <param name="tunerFactory">
    /// Creates the tuner from the joint search space, the seed, and a feasibility filter built from the cost model and
    /// the constraints (<see langword="null"/> when there are no constraints).
    /// </param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tunerFactory"/> is <see langword="null"/>.</exception>
    public NeuralArchitectureExperiment SetTuner(Func<SearchSpace, int, Func<Parameter, bool>?, ITuner> tunerFactory)
    {
        ArgumentNullException.ThrowIfNull(tunerFactory);
        _tunerFactory = tunerFactory;
        return this;
    }

    /// <summary>Sets the seed of the split, the tuner and every candidate's initial weights (the context's seed by default).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This experiment.</returns>
    public NeuralArchitectureExperiment SetSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Runs the search, retrains the best candidate on all the training data and evaluates it on the test set.</summary>
    /// <param name="cancellationToken">Cancels the search (a checkpointed search resumes where it stopped).</param>
    /// <returns>The final model, its test metrics and the leaderboard.</returns>
    /// <exception cref="InvalidOperationException">No budget was set (<see cref="SetTrainingTimeInSeconds"/> or <see cref="SetMaxTrials"/>), or every trial failed.</exception>
    /// <exception cref="ArgumentException">
    /// The images do not fit the architecture space (the message names the expected and the found shape), or the test
    /// set's images or labels do not match the training set's.
    /// </exception>
    /// <exception cref="InfeasibleConstraintsException">
    /// No architecture of the space can meet a constraint (raised before any training, naming the smallest achievable
    /// cost), or too many proposals in a row were rejected.
    /// </exception>
    /// <exception cref="TimeoutException">The time budget ended before any trial completed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<NeuralArchitectureResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _options.Validate();
        if (_maxTrials is null && _trainingTime is null)
        {
            throw new InvalidOperationException("Set a budget with SetTrainingTimeInSeconds or SetMaxTrials before running the search.");
        }

        var space = _options.SearchSpace;
        var input = _trainData.Shape;
        space.ValidateInput(input);
        var outputs = _trainData.ClassCount;
        CheckTestData(outputs);

        var costModel = new SearchCostModel(space, input, outputs, _options.LatencyTable, _options.LatencyOptions);
        costModel.ThrowIfInfeasible(_options.Constraints);

        var split = DataSplit.StratifiedHoldout(_trainData.LabelArray, _options.ValidationFraction, _seed);
        var normalization = ImageNormalization.Fit(_trainData.Images, split.Train);
        using var all = TensorDataset.FromImages(_trainData.Images, _trainData.LabelArray, normalization, _trainData.ClassNames);
        using var train = all.Subset(split.Train);
        using var validation = all.Subset(split.Validation);

        var jointSpace = new SearchSpace
        {
            [SearchCostModel.ArchitectureKey] = space.SearchSpace,
            [SearchCostModel.RecipeKey] = _options.RecipeSpace.Build(),
        };
        var runner = new SearchTrialRunner(space, _options.RecipeSpace, train, validation, input, outputs, _seed, _options.MaxEpochs, _progress);
        var isFeasible = CreateFeasibilityFilter(costModel, _options.Constraints);
        var tunerFactory = _tunerFactory ?? DefaultTuner;
        var experiment = new NasExperiment()
            .SetSearchSpace(jointSpace)
            .SetSeed(_seed)
            .SetTrialRunner(runner)
            .SetCostModel(costModel)
            .SetConstraints(_options.Constraints)
            .SetTuner((searchSpace, seed) => tunerFactory(searchSpace, seed, isFeasible));
        if (_maxTrials is { } maxTrials)
        {
            experiment.SetMaxTrials(maxTrials);
        }

        if (_trainingTime is { } trainingTime)
        {
            experiment.SetTrainingTime(trainingTime);
        }

        if (_checkpointPath is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(_checkpointPath));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            experiment.SetCheckpoint(_checkpointPath);
        }

        if (_monitor is not null)
        {
            experiment.SetMonitor(_monitor);
        }

        var maxFidelity = Math.Min(_options.MaxEpochs ?? int.MaxValue, _options.RecipeSpace.Epochs?.Max ?? _options.RecipeSpace.Defaults.Epochs);
        if (_options.EarlyStopping && maxFidelity > 1)
        {
            experiment.SetScheduler(() => new AshaScheduler(1, maxFidelity));
        }

        var search = await experiment.RunAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Finish(search, all, costModel, runner.BestAccuracy, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static EvolutionTuner DefaultTuner(SearchSpace searchSpace, int seed, Func<Parameter, bool>? isFeasible) =>
        new(searchSpace, seed, new EvolutionTunerOptions { IsFeasible = isFeasible });

    private static Func<Parameter, bool>? CreateFeasibilityFilter(SearchCostModel costModel, HardwareConstraints constraints)
    {
        var rejecting = constraints.Constraints.Where(constraint => constraint.Policy == ConstraintPolicy.Reject).ToArray();
        if (rejecting.Length == 0)
        {
            return null;
        }

        return parameter =>
        {
            var costs = costModel.Estimate(parameter);
            return rejecting.All(constraint => !costs.TryGetValue(constraint.CostName, out var value) || constraint.IsSatisfiedBy(value));
        };
    }

    private void CheckTestData(int outputs)
    {
        if (_options.TestData is not { } test)
        {
            return;
        }

        if (!test.Shape.Equals(_trainData.Shape))
        {
            throw new ArgumentException(
                $"The test images are {test.Shape} but the training images are {_trainData.Shape}; they must have the same size.");
        }

        var maxLabel = test.LabelArray.Max();
        if (maxLabel >= outputs)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The test set holds label {maxLabel} but the training set has only {outputs} classes."));
        }
    }

    private NeuralArchitectureResult Finish(
        ExperimentResult search, TensorDataset all, SearchCostModel costModel, double? bestAccuracy, CancellationToken cancellationToken)
    {
        var best = search.BestTrial;
        var parameter = best.TrialSettings.Parameter!;
        var space = _options.SearchSpace;
        var architecture = parameter[SearchCostModel.ArchitectureKey];
        var recipe = _options.RecipeSpace.FromParameter(parameter[SearchCostModel.RecipeKey]);
        var description = space.Describe(architecture, _trainData.Shape, _trainData.ClassCount);
        var costs = best.Costs.Count > 0 ? best.Costs : costModel.Estimate(parameter);

        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = _seed });
        var module = trainer.CreateModule(description.Build);
        try
        {
            var epochs = Math.Min(recipe.Epochs, _options.MaxEpochs ?? int.MaxValue);
            var training = trainer.Train(
                module,
                recipe,
                all,
                validation: null,
                epoch => _progress?.Invoke(new NeuralArchitectureProgress(
                    NeuralArchitecturePhase.FinalTraining, best.TrialSettings.TrialId, epoch.Epoch, epochs, epoch.TrainingLoss, null, bestAccuracy)),
                _options.MaxEpochs,
                cancellationToken);

            ClassificationMetrics? testMetrics = null;
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [TrainingResult.TrainingLossName] = training.FinalTrainingLoss,
                [TrainingResult.EpochsName] = training.EpochsCompleted,
            };
            if (_options.TestData is { } test)
            {
                using var testSet = TensorDataset.FromImages(test.Images, test.LabelArray, all.ImageNormalization!, _trainData.ClassNames);
                testMetrics = trainer.Evaluate(module, testSet, cancellationToken).Classification;
                foreach (var (name, value) in testMetrics!.ToDictionary())
                {
                    metrics["test_" + name] = value;
                }
            }

            var model = NasModel.Create(module, description.ToJson(), all, metrics: metrics);
            return new NeuralArchitectureResult
            {
                BestModel = model,
                BestTrial = best,
                Architecture = space.Summarize(architecture),
                Description = description,
                Recipe = recipe,
                ValidationAccuracy = 1 - best.Loss,
                Costs = costs,
                TestMetrics = testMetrics,
                Leaderboard = NeuralArchitectureResult.BuildLeaderboard(search, space),
                Search = search,
            };
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }
}
