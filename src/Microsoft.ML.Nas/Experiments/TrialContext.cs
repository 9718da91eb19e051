using System.Globalization;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// What a trial runner gets for one trial: the settings and parameter, the fidelity to run to, the estimated costs,
/// and <see cref="ReportIntermediate"/> to report per-step values to the scheduler.
/// </summary>
/// <remarks>Thread-safe. After the trial ends, reporting throws <see cref="OperationCanceledException"/>.</remarks>
public sealed class TrialContext
{
    private readonly ITrialScheduler _scheduler;
    private readonly List<double> _fidelities = [];
    private readonly List<double> _values = [];
    private readonly Lock _lock = new();
    private bool _isClosed;

    /// <summary>
    /// Initializes a new instance of the <see cref="TrialContext"/> class. The experiment creates one per trial; create
    /// one yourself to test a trial runner on its own.
    /// </summary>
    /// <param name="settings">The trial's settings; its parameter must be set.</param>
    /// <param name="costs">The estimated costs; empty when <see langword="null"/>.</param>
    /// <param name="scheduler">The scheduler intermediate values go to; <see cref="NoScheduler"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The settings have no parameter.</exception>
    public TrialContext(TrialSettings settings, IReadOnlyDictionary<string, double>? costs = null, ITrialScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Parameter is null)
        {
            throw new ArgumentException($"Trial {settings.TrialId} has no parameter; set TrialSettings.Parameter first.", nameof(settings));
        }

        Settings = settings;
        Costs = costs ?? new Dictionary<string, double>();
        _scheduler = scheduler ?? new NoScheduler();
    }

    /// <summary>Gets the trial's settings.</summary>
    public TrialSettings Settings { get; }

    /// <summary>Gets the trial's id.</summary>
    public int TrialId => Settings.TrialId;

    /// <summary>Gets the candidate to train.</summary>
    public Parameter Parameter => Settings.Parameter!;

    /// <summary>Gets the fidelity to run to (for example epochs); <see langword="null"/> means the runner's full fidelity.</summary>
    public double? Fidelity => Settings.Fidelity;

    /// <summary>Gets the costs the cost model estimated for the candidate; empty without a cost model.</summary>
    public IReadOnlyDictionary<string, double> Costs { get; }

    /// <summary>Gets a value indicating whether the scheduler stopped this trial.</summary>
    public bool IsPruned { get; private set; }

    /// <summary>Gets the values reported so far, in order.</summary>
    public IReadOnlyList<double> IntermediateValues
    {
        get
        {
            lock (_lock)
            {
                return [.. _values];
            }
        }
    }

    /// <summary>
    /// Reports the value reached at a fidelity (for example the validation loss after an epoch) and lets the scheduler
    /// decide whether the trial goes on.
    /// </summary>
    /// <param name="fidelity">The fidelity reached, for example the epoch just finished; finite and larger than the previous one.</param>
    /// <param name="value">The value at that fidelity (minimised).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fidelity"/> is not finite or does not increase.</exception>
    /// <exception cref="TrialPrunedException">The scheduler stopped the trial: end the trial (let the exception propagate).</exception>
    /// <exception cref="OperationCanceledException">The trial has already ended (for example it ran past its timeout).</exception>
    public void ReportIntermediate(double fidelity, double value)
    {
        lock (_lock)
        {
            if (_isClosed)
            {
                throw new OperationCanceledException($"Trial {TrialId} has ended; it can no longer report values.");
            }

            if (IsPruned)
            {
                throw new TrialPrunedException($"Trial {TrialId} was pruned; it must stop.");
            }

            if (!double.IsFinite(fidelity) || (_fidelities.Count > 0 && fidelity <= _fidelities[^1]))
            {
                throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity,
                    _fidelities.Count > 0
                        ? string.Create(CultureInfo.InvariantCulture, $"Fidelities must increase within a trial; the previous one was {_fidelities[^1]}.")
                        : "The fidelity must be finite.");
            }

            _fidelities.Add(fidelity);
            _values.Add(value);
            if (_scheduler.ReportIntermediate(TrialId, fidelity, value) == SchedulerDecision.Stop)
            {
                IsPruned = true;
                throw new TrialPrunedException(string.Create(CultureInfo.InvariantCulture,
                    $"Trial {TrialId} was pruned at fidelity {fidelity} with value {value}."));
            }
        }
    }

    /// <summary>Ends reporting and returns the fidelities and values reported.</summary>
    internal (double[] Fidelities, double[] Values) Close()
    {
        lock (_lock)
        {
            _isClosed = true;
            return ([.. _fidelities], [.. _values]);
        }
    }

    /// <summary>Marks the trial pruned because the runner threw <see cref="TrialPrunedException"/> itself.</summary>
    internal void MarkPruned()
    {
        lock (_lock)
        {
            IsPruned = true;
        }
    }
}
