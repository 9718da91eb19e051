using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>
/// A neural architecture search over images or a table (<see cref="NasData"/>): architectures and training recipes are
/// searched jointly (the search space is <c>{ "architecture": …, "recipe": … }</c>), each candidate trained on a training
/// split (stratified for classification) and validated on the rest, the winner retrained on all the training data.
/// Configure with the fluent <c>Set*</c> methods and start with <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// Images and tables share one path: the data prepares itself (split, preprocessing fitted on the training split only,
/// tensors), then the same trial runner, scheduler and final training run on it. Classification minimises 1 − validation
/// accuracy; regression minimises the validation RMSE in the targets' own units (the network learns standardized targets,
/// the evaluation maps its outputs back).
/// </para>
/// <para>
/// The default tuner is regularized evolution (<see cref="EvolutionTuner"/>): architecture spaces are mostly
/// categorical and conditional, where mutation of the best of a random sample works well and cheaply, and with
/// hardware constraints its early-exit filter asks the cost model before proposing, so infeasible networks are skipped
/// without counting as rejected trials. Cost-frugal search (CFO) walks a continuous neighbourhood from a cheap start,
/// which suits numeric hyperparameters more than choices of blocks; pass it with <see cref="SetTuner"/> if wanted.
/// </para>
/// </remarks>
public sealed partial class NeuralArchitectureExperiment
{
    private readonly NasData _trainData;
    private readonly NeuralArchitectureOptions _options;
    private int _seed;
    private int? _maxTrials;
    private TimeSpan? _trainingTime;
    private string? _checkpointPath;
    private IMonitor? _monitor;
    private Func<SearchSpace, int, Func<Parameter, bool>?, ITuner>? _tunerFactory;
    private Action<NeuralArchitectureProgress>? _progress;

    internal NeuralArchitectureExperiment(NasData trainData, NeuralArchitectureOptions options, int seed)
    {
        _trainData = trainData;
        _options = options;
        _seed = seed;
    }

    /// <summary>
    /// Sets the time budget of the whole run, the final training of the winner included: the search gets
    /// <see cref="NeuralArchitectureOptions.FinalTrainingTimeFraction"/>'s complement of it, and the final training runs
    /// the epochs that fit what is left (at least one, so a budget too small for even that is exceeded by one epoch).
    /// </summary>
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

    /// <summary>
    /// Runs the search, retrains the best candidate on all the training data (the search's training and validation
    /// splits) and evaluates it on the test set.
    /// </summary>
    /// <param name="cancellationToken">Cancels the search (a checkpointed search resumes where it stopped).</param>
    /// <returns>The final model, its test metrics and the leaderboard.</returns>
    /// <exception cref="InvalidOperationException">No budget was set (<see cref="SetTrainingTimeInSeconds"/> or <see cref="SetMaxTrials"/>), or every trial failed.</exception>
    /// <exception cref="ArgumentException">
    /// The data does not fit the architecture space (the message names the expected and the found shape), the test set
    /// is of another kind or does not match the training set, or the recipe space searches dropout for networks without a
    /// classifier head.
    /// </exception>
    /// <exception cref="InvalidDataException">A test table lacks a column of the training table, or holds a value or class it cannot take (the message names file, line and column), or the checkpoint's table of measured latencies is damaged (the message names the file).</exception>
    /// <exception cref="InfeasibleConstraintsException">
    /// No architecture of the space can meet a constraint (raised before any training, naming the smallest achievable
    /// cost), or too many proposals in a row were rejected.
    /// </exception>
    /// <exception cref="TimeoutException">The search's share of the time budget ended before any trial completed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<NeuralArchitectureResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _options.Validate();
        if (_maxTrials is null && _trainingTime is null)
        {
            throw new InvalidOperationException("Set a budget with SetTrainingTimeInSeconds or SetMaxTrials before running the search.");
        }

        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var space = _options.ResolveSearchSpace(_trainData);
        var recipeSpace = _options.ResolveRecipeSpace(_trainData);
        SearchCostModel? costModel = null;

        // Measured latencies live in the checkpoint, so a resumed search's feasibility filter sees the same values.
        using var latencyCache = _checkpointPath is not null && _options.LatencyTable is null ? new MeasuredLatencyCache(_checkpointPath) : null;
        using var data = _trainData.Prepare(_options.ValidationFraction, _seed, new SearchSampling(_options.MaxSearchSamples, _seed), _options.TestData, (input, outputs) =>
        {
            // Everything that can fail without training fails here, before the data becomes tensors.
            space.ValidateInput(input);
            SearchCandidate.ThrowIfDropoutHasNoHead(space, recipeSpace, input, outputs);
            costModel = new SearchCostModel(space, input, outputs, _options.LatencyTable, _options.LatencyOptions, latencyCache, _options.Device);
            costModel.ThrowIfInfeasible(_options.Constraints);
        });

        var jointSpace = new SearchSpace
        {
            [SearchCostModel.ArchitectureKey] = space.SearchSpace,
            [SearchCostModel.RecipeKey] = recipeSpace.Build(),
        };
        var runner = new SearchTrialRunner(space, recipeSpace, data, _seed, _options.MaxEpochs, _progress, _options.Device);
        var isFeasible = CreateFeasibilityFilter(costModel!, _options.Constraints);
        var tunerFactory = _tunerFactory ?? DefaultTuner;
        var experiment = new NasExperiment()
            .SetSearchSpace(jointSpace)
            .SetSeed(_seed)
            .SetTrialRunner(runner)
            .SetCostModel(costModel!)
            .SetConstraints(_options.Constraints)
            .SetTuner((searchSpace, seed) => tunerFactory(searchSpace, seed, isFeasible));
        if (_maxTrials is { } maxTrials)
        {
            experiment.SetMaxTrials(maxTrials);
        }

        TimeSpan? searchBudget = null;
        var preparation = clock.GetElapsedTime(started);
        if (_trainingTime is { } trainingTime)
        {
            searchBudget = FinalTrainingPlan.SearchBudget(trainingTime, _options.FinalTrainingTimeFraction, preparation);
            experiment.SetTrainingTime(searchBudget.Value);
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

        var maxFidelity = Math.Min(_options.MaxEpochs ?? int.MaxValue, recipeSpace.Epochs?.Max ?? recipeSpace.Defaults.Epochs);
        if (_options.EarlyStopping && maxFidelity > 1)
        {
            experiment.SetScheduler(() => new AshaScheduler(1, maxFidelity));
        }

        // A share used up by data preparation cannot hold a trial: say so now rather than race a 1 ms timer against
        // the first training step (whichever thread the timer's callback waits for decides the outcome).
        if (_trainingTime is { } wholeBudget && (wholeBudget * (1 - _options.FinalTrainingTimeFraction)) - preparation <= TimeSpan.Zero)
        {
            throw SearchShareTooSmall(searchBudget!.Value, preparation, inner: null);
        }

        ExperimentResult search;
        try
        {
            search = await experiment.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception) when (searchBudget is { } budget)
        {
            throw SearchShareTooSmall(budget, preparation, exception);
        }
        var remaining = _trainingTime is { } total ? total - clock.GetElapsedTime(started) : (TimeSpan?)null;
        var final = new FinalTraining(search, data, space, recipeSpace, costModel!, runner.BestLoss, remaining);
        return await Task.Run(() => Finish(final, cancellationToken), cancellationToken).ConfigureAwait(false);
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

    private TimeoutException SearchShareTooSmall(TimeSpan budget, TimeSpan preparation, Exception? inner) =>
        new(
            string.Create(
                CultureInfo.InvariantCulture,
                $"The search's share of the time budget ({budget.TotalSeconds:F1} s of {_trainingTime!.Value.TotalSeconds:F0} s: the rest is kept for the final training (FinalTrainingTimeFraction = {_options.FinalTrainingTimeFraction}), less {preparation.TotalSeconds:F1} s of data preparation) ") +
                "ended before any trial completed. Give the experiment more time with SetTrainingTimeInSeconds, or use a smaller space or recipe space.",
            inner);
}
