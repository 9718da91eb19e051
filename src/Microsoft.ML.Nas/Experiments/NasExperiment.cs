using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// A search experiment configured fluently, as ML.NET AutoML's <c>AutoMLExperiment</c>: set a search space, a trial
/// runner and a budget, then <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// One trial runs at a time: the tuner proposes a parameter; the cost model estimates its costs and reject-policy
/// constraints may reject it untrained; the trial store marks it Running; the runner trains it at the scheduler's
/// fidelity (the scheduler may prune it); the store records how it ended; the tuner learns from it; monitors hear of it.
/// </para>
/// <para>
/// Resume: with a checkpoint (<see cref="SetCheckpoint"/>), a new run of the same experiment continues where the last
/// one stopped. The tuner and scheduler are rebuilt fresh and fed the stored history in trial-id order; a trial that
/// was Running when the process died (or that the time budget interrupted) runs again with the same id and parameter.
/// The stored search-space hash and seed must match. Budgets: <see cref="SetMaxTrials"/> counts trials over the whole
/// history (so an interrupted and resumed run ends with the same trials as an uninterrupted one); the training time
/// counts from the start of each <see cref="RunAsync"/>.
/// </para>
/// <para>
/// Configuration is read when <see cref="RunAsync"/> starts; changing it during a run does not affect that run.
/// </para>
/// </remarks>
public sealed class NasExperiment
{
    private readonly TimeProvider _timeProvider;
    private SearchSpace? _searchSpace;
    private Func<SearchSpace, int, ITuner> _tunerFactory = static (space, seed) => new CostFrugalTuner(space, seed);
    private ITuner? _tunerInstance;
    private bool _isTunerInstanceUsed;
    private Func<ITrialScheduler> _schedulerFactory = static () => new NoScheduler();
    private ITrialScheduler? _schedulerInstance;
    private bool _isSchedulerInstanceUsed;
    private ITrialRunner? _runner;
    private TimeSpan? _trainingTime;
    private int? _maxTrials;
    private TimeSpan? _trialTimeout;
    private long? _memoryLimitBytes;
    private TimeSpan _memorySamplingInterval = TimeSpan.FromMilliseconds(100);
    private TimeSpan _cancellationGracePeriod = TimeSpan.FromSeconds(30);
    private CostConstraint[] _constraints = [];
    private int _maxConsecutiveRejections = 1000;
    private ICostModel? _costModel;
    private IMonitor? _monitor;
    private string? _checkpointPath;
    private ITrialStore? _store;
    private int _seed;
    private Objective[] _objectives = [];

    /// <summary>Initializes a new instance of the <see cref="NasExperiment"/> class.</summary>
    /// <param name="timeProvider">The clock for the time budget, trial timeouts, memory sampling and durations; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public NasExperiment(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Sets the search space (required).</summary>
    /// <param name="searchSpace">The space of candidates.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="searchSpace"/> is <see langword="null"/>.</exception>
    public NasExperiment SetSearchSpace(SearchSpace searchSpace)
    {
        ArgumentNullException.ThrowIfNull(searchSpace);
        _searchSpace = searchSpace;
        return this;
    }

    /// <summary>
    /// Sets how to build the tuner for a run from the search space and the seed. Each <see cref="RunAsync"/> builds a
    /// fresh tuner and, when resuming, replays the stored history into it. Default: <see cref="CostFrugalTuner"/>.
    /// </summary>
    /// <param name="tunerFactory">Builds a tuner; must be deterministic given the space and seed.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tunerFactory"/> is <see langword="null"/>.</exception>
    public NasExperiment SetTuner(Func<SearchSpace, int, ITuner> tunerFactory)
    {
        ArgumentNullException.ThrowIfNull(tunerFactory);
        _tunerFactory = tunerFactory;
        _tunerInstance = null;
        return this;
    }

    /// <summary>
    /// Sets a tuner instance for a single run. It must be fresh (no calls yet) because a resume replays the history
    /// into it; a second <see cref="RunAsync"/> needs <see cref="SetTuner(Func{SearchSpace, int, ITuner})"/> or a new
    /// instance.
    /// </summary>
    /// <param name="tuner">A fresh tuner over the experiment's search space.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tuner"/> is <see langword="null"/>.</exception>
    public NasExperiment SetTuner(ITuner tuner)
    {
        ArgumentNullException.ThrowIfNull(tuner);
        _tunerInstance = tuner;
        _isTunerInstanceUsed = false;
        return this;
    }

    /// <summary>Sets the trial runner (required).</summary>
    /// <param name="runner">Trains and evaluates one candidate.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="runner"/> is <see langword="null"/>.</exception>
    public NasExperiment SetTrialRunner(ITrialRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        return this;
    }

    /// <summary>Sets the trial runner as a delegate (required unless <see cref="SetTrialRunner(ITrialRunner)"/> is used).</summary>
    /// <param name="runner">Trains and evaluates one candidate; see <see cref="ITrialRunner.RunAsync"/>.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="runner"/> is <see langword="null"/>.</exception>
    public NasExperiment SetTrialRunner(Func<TrialContext, CancellationToken, Task<TrialOutcome>> runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = new DelegateTrialRunner(runner);
        return this;
    }

    /// <summary>
    /// Sets the time budget of each run. When it ends, the running trial's token fires, the trial is not recorded as
    /// finished (it stays Running in the store and runs again on resume), and <see cref="RunAsync"/> returns the best
    /// trial so far. At least one of this and <see cref="SetMaxTrials"/> is required.
    /// </summary>
    /// <param name="seconds">The budget in seconds; positive.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is not positive.</exception>
    public NasExperiment SetTrainingTimeInSeconds(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(seconds, 0);
        _trainingTime = TimeSpan.FromSeconds(seconds);
        return this;
    }

    /// <summary>Sets the time budget of each run (see <see cref="SetTrainingTimeInSeconds"/>).</summary>
    /// <param name="trainingTime">The budget; positive.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainingTime"/> is not positive.</exception>
    public NasExperiment SetTrainingTime(TimeSpan trainingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(trainingTime, TimeSpan.Zero);
        _trainingTime = trainingTime;
        return this;
    }

    /// <summary>
    /// Sets the number of trials to run, over the whole stored history: completed, failed and pruned trials count;
    /// rejected candidates (never trained) do not.
    /// </summary>
    /// <param name="maxTrials">The number of trials; positive.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTrials"/> is not positive.</exception>
    public NasExperiment SetMaxTrials(int maxTrials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxTrials, 0);
        _maxTrials = maxTrials;
        return this;
    }

    /// <summary>Sets the longest one trial may run; a trial over it is cancelled and recorded Failed ("trial timeout: ..."). Default: none.</summary>
    /// <param name="timeout">The per-trial limit; positive.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public NasExperiment SetTrialTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _trialTimeout = timeout;
        return this;
    }

    /// <summary>
    /// Sets how much the process's memory may grow during one trial. Memory is sampled on a timer (managed heap and
    /// working set, process-wide); a trial over the limit is cancelled and recorded Failed ("memory limit: used X bytes,
    /// limit Y bytes"). Default: none.
    /// </summary>
    /// <param name="bytes">The limit in bytes; positive.</param>
    /// <param name="samplingInterval">How often to sample; default 100 ms; positive.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public NasExperiment SetTrialMemoryLimit(long bytes, TimeSpan? samplingInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bytes, 0);
        var interval = samplingInterval ?? TimeSpan.FromMilliseconds(100);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(samplingInterval));
        _memoryLimitBytes = bytes;
        _memorySamplingInterval = interval;
        return this;
    }

    /// <summary>
    /// Sets how long a cancelled trial's runner gets to stop before the experiment abandons it and moves on (the
    /// abandoned runner may go on in the background). Default: 30 seconds.
    /// </summary>
    /// <param name="gracePeriod">The grace period; not negative.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gracePeriod"/> is negative.</exception>
    public NasExperiment SetCancellationGracePeriod(TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        _cancellationGracePeriod = gracePeriod;
        return this;
    }

    /// <summary>Sets the hardware constraints (replacing earlier ones). Reject-policy constraints need a cost model.</summary>
    /// <param name="constraints">The constraints.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="constraints"/> is <see langword="null"/>.</exception>
    public NasExperiment SetConstraints(HardwareConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        _constraints = [.. constraints.Constraints];
        return this;
    }

    /// <summary>Sets the cost constraints (replacing earlier ones). Reject-policy constraints need a cost model.</summary>
    /// <param name="constraints">The constraints.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="constraints"/> or an item is <see langword="null"/>.</exception>
    public NasExperiment SetConstraints(params CostConstraint[] constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        var set = HardwareConstraints.None;
        foreach (var constraint in constraints)
        {
            set = set.And(constraint ?? throw new ArgumentNullException(nameof(constraints), "A constraint is null."));
        }

        return SetConstraints(set);
    }

    /// <summary>
    /// Sets how many proposals in a row may be rejected before the experiment gives up with an
    /// <see cref="InfeasibleConstraintsException"/> naming the constraint and the smallest cost seen. Default: 1000.
    /// </summary>
    /// <param name="maxConsecutiveRejections">The bound; positive.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConsecutiveRejections"/> is not positive.</exception>
    public NasExperiment SetMaxConsecutiveRejections(int maxConsecutiveRejections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxConsecutiveRejections, 0);
        _maxConsecutiveRejections = maxConsecutiveRejections;
        return this;
    }

    /// <summary>Sets the cost model that estimates each candidate's costs before training. Default: none (no costs).</summary>
    /// <param name="costModel">The cost model.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="costModel"/> is <see langword="null"/>.</exception>
    public NasExperiment SetCostModel(ICostModel costModel)
    {
        ArgumentNullException.ThrowIfNull(costModel);
        _costModel = costModel;
        return this;
    }

    /// <summary>Sets how to build the multi-fidelity scheduler for each run. Default: <see cref="NoScheduler"/>.</summary>
    /// <param name="schedulerFactory">Builds a fresh scheduler.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedulerFactory"/> is <see langword="null"/>.</exception>
    public NasExperiment SetScheduler(Func<ITrialScheduler> schedulerFactory)
    {
        ArgumentNullException.ThrowIfNull(schedulerFactory);
        _schedulerFactory = schedulerFactory;
        _schedulerInstance = null;
        return this;
    }

    /// <summary>Sets a scheduler instance for a single run; it must be fresh (see <see cref="SetTuner(ITuner)"/>).</summary>
    /// <param name="scheduler">A fresh scheduler, for example <see cref="AshaScheduler"/>.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is <see langword="null"/>.</exception>
    public NasExperiment SetScheduler(ITrialScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _schedulerInstance = scheduler;
        _isSchedulerInstanceUsed = false;
        return this;
    }

    /// <summary>Sets the monitor that hears trial events. Use <see cref="CompositeMonitor"/> for several. Default: none.</summary>
    /// <param name="monitor">The monitor.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="monitor"/> is <see langword="null"/>.</exception>
    public NasExperiment SetMonitor(IMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _monitor = monitor;
        return this;
    }

    /// <summary>
    /// Makes the experiment resumable from a SQLite file (created when missing; see <see cref="SqliteTrialStore"/>).
    /// Each run opens and closes the file. Replaces <see cref="SetTrialStore"/>.
    /// </summary>
    /// <param name="sqlitePath">The database file.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentException"><paramref name="sqlitePath"/> is null, empty or white space.</exception>
    public NasExperiment SetCheckpoint(string sqlitePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlitePath);
        _checkpointPath = sqlitePath;
        _store = null;
        return this;
    }

    /// <summary>
    /// Sets the trial store; the caller keeps ownership (the experiment does not dispose it). Default: a fresh
    /// <see cref="InMemoryTrialStore"/> per run. Replaces <see cref="SetCheckpoint"/>.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    public NasExperiment SetTrialStore(ITrialStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _checkpointPath = null;
        return this;
    }

    /// <summary>Sets the seed the tuner is built with. Default: 0.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This experiment.</returns>
    public NasExperiment SetSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>
    /// Makes the search multi-objective: each trial's <see cref="TrialResult.Objectives"/> holds these values
    /// (minimised; maximised ones negated), followed by the costs of objective-policy constraints, and
    /// <see cref="ExperimentResult.ParetoFront"/> holds the non-dominated trials. Without this call, a runner's
    /// <see cref="TrialOutcome.Objectives"/> are used as given.
    /// </summary>
    /// <param name="objectives">The objectives, for example <c>Objective.Loss, Objective.Minimize("latencyMilliseconds")</c>; at least one.</param>
    /// <returns>This experiment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objectives"/> or an item is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="objectives"/> is empty or repeats a name.</exception>
    public NasExperiment SetObjectives(params Objective[] objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Length == 0)
        {
            throw new ArgumentException("At least one objective is required.", nameof(objectives));
        }

        if (objectives.Any(objective => objective is null))
        {
            throw new ArgumentNullException(nameof(objectives), "An objective is null.");
        }

        var repeated = objectives.GroupBy(objective => objective.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"The objective '{repeated.Key}' appears more than once.", nameof(objectives));
        }

        _objectives = [.. objectives];
        return this;
    }

    /// <summary>Runs the experiment until its trial budget or time budget ends.</summary>
    /// <param name="cancellationToken">Cancels the run: the running trial's token fires, it stays Running in the store, and the method throws.</param>
    /// <returns>The best trial, the Pareto set and every trial.</returns>
    /// <exception cref="InvalidOperationException">
    /// The configuration is incomplete (no search space, runner or budget; reject-policy constraints without a cost
    /// model; a tuner or scheduler instance reused), the checkpoint belongs to another search space or seed, a resume
    /// diverged from the stored history, or every trial failed (the message carries the first failure's message).
    /// </exception>
    /// <exception cref="InfeasibleConstraintsException">Too many proposals in a row were rejected by the constraints.</exception>
    /// <exception cref="TimeoutException">The time budget ended before any trial completed.</exception>
    /// <exception cref="InvalidDataException">The checkpoint file is not a NasML trial store (it is left unchanged).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ExperimentResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var searchSpace = _searchSpace ?? throw new InvalidOperationException("Set a search space with SetSearchSpace before running the experiment.");
        var runner = _runner ?? throw new InvalidOperationException("Set a trial runner with SetTrialRunner before running the experiment.");
        if (_maxTrials is null && _trainingTime is null)
        {
            throw new InvalidOperationException("Set a budget with SetMaxTrials or SetTrainingTimeInSeconds before running the experiment.");
        }

        var rejecting = _constraints.Where(constraint => constraint.Policy == ConstraintPolicy.Reject).ToList();
        if (rejecting.Count > 0 && _costModel is null)
        {
            throw new InvalidOperationException(
                $"The reject-policy constraints ({string.Join(", ", rejecting)}) are checked before training and need a cost model: call SetCostModel.");
        }

        var tuner = TakeInstance(_tunerInstance, ref _isTunerInstanceUsed, "tuner", "SetTuner(Func<SearchSpace, int, ITuner>)")
            ?? _tunerFactory(searchSpace, _seed)
            ?? throw new InvalidOperationException("The tuner factory returned null.");
        var scheduler = TakeInstance(_schedulerInstance, ref _isSchedulerInstanceUsed, "scheduler", "SetScheduler(Func<ITrialScheduler>)")
            ?? _schedulerFactory()
            ?? throw new InvalidOperationException("The scheduler factory returned null.");
        var ownsStore = _store is null;
        var store = _store ?? (_checkpointPath is null ? new InMemoryTrialStore() : new SqliteTrialStore(_checkpointPath));
        try
        {
            var executor = new TrialExecutor(runner, _timeProvider, _trialTimeout, _memoryLimitBytes, _memorySamplingInterval, _cancellationGracePeriod);
            var run = new ExperimentRun(new ExperimentRunSettings
            {
                SearchSpace = searchSpace,
                Seed = _seed,
                Tuner = tuner,
                Scheduler = scheduler,
                Executor = executor,
                Store = store,
                Monitor = _monitor ?? new CompositeMonitor(),
                CostModel = _costModel,
                Constraints = new ConstraintEvaluator(_constraints),
                MaxConsecutiveRejections = _maxConsecutiveRejections,
                Objectives = _objectives,
                MaxTrials = _maxTrials,
                TrainingTime = _trainingTime,
                TimeProvider = _timeProvider,
            });
            return await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ownsStore)
            {
                store.Dispose();
            }
        }
    }

    private static T? TakeInstance<T>(T? instance, ref bool isUsed, string kind, string alternative)
        where T : class
    {
        if (instance is null)
        {
            return null;
        }

        if (isUsed)
        {
            throw new InvalidOperationException(
                $"The {kind} instance given to this experiment served a previous run and holds its state; a run needs a fresh one. " +
                $"Pass a new instance, or a factory with {alternative}.");
        }

        isUsed = true;
        return instance;
    }
}
