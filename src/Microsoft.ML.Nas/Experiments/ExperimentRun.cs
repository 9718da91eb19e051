using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Experiments;

/// <summary>One run of an experiment: replays the stored history, then runs trials until a budget ends.</summary>
internal sealed class ExperimentRun(ExperimentRunSettings settings)
{
    private static readonly IReadOnlyDictionary<string, double> s_noValues = new Dictionary<string, double>();

    private readonly List<TrialResult> _finished = [];
    private TrialResult? _best;
    private TrialResult? _firstFailure;
    private Exception? _firstFailureException;
    private int _trialsRun;
    private int _failedCount;
    private int? _objectiveCount;
    private string[]? _baseObjectiveNames;

    public async Task<ExperimentResult> RunAsync(CancellationToken userToken)
    {
        userToken.ThrowIfCancellationRequested();
        var space = settings.SearchSpace;
        settings.Store.OpenExperiment(new ExperimentMetadata
        {
            SearchSpaceHash = space.GetStableHash(),
            SearchSpaceJson = space.ToJson(),
            Seed = settings.Seed,
        });
        var history = settings.Store.LoadTrials();

        using var budgetSource = settings.TrainingTime is { } trainingTime ? new CancellationTokenSource(trainingTime, settings.TimeProvider) : null;
        var budgetToken = budgetSource?.Token ?? CancellationToken.None;
        ExperimentStopReason? stopReason = null;
        var nextTrialId = 0;
        for (var index = 0; index < history.Count && stopReason is null; index++)
        {
            var record = history[index];
            var trialSettings = ReplayProposal(record);
            nextTrialId = record.TrialId + 1;
            if (record.Status != TrialStatus.Running)
            {
                ReplayFinished(record);
                continue;
            }

            if (index != history.Count - 1)
            {
                throw new InvalidDataException(
                    $"Trial {record.TrialId} is stored as Running but later trials exist; one experiment at a time may write to a trial store.");
            }

            stopReason = ShouldStop(budgetToken);
            if (stopReason is null)
            {
                userToken.ThrowIfCancellationRequested();
                if (!await RunTrialAsync(trialSettings, record.Result.Costs, budgetToken, userToken).ConfigureAwait(false))
                {
                    stopReason = ExperimentStopReason.TimeBudgetReached;
                }
            }
        }

        while (stopReason is null)
        {
            stopReason = ShouldStop(budgetToken);
            if (stopReason is not null)
            {
                break;
            }

            userToken.ThrowIfCancellationRequested();
            var trialId = nextTrialId++;
            var trialSettings = new TrialSettings { TrialId = trialId, Fidelity = settings.Scheduler.GetFidelity(trialId) };
            trialSettings.Parameter = settings.Tuner.Propose(trialSettings)
                ?? throw new InvalidOperationException($"The tuner proposed null for trial {trialId}.");
            var costs = settings.CostModel is { } costModel
                ? new Dictionary<string, double>(costModel.Estimate(trialSettings.Parameter), StringComparer.Ordinal)
                : s_noValues;
            var rejection = settings.Constraints.CheckRejection(costs);
            if (rejection is not null)
            {
                Reject(trialSettings, costs, rejection);
                if (settings.Constraints.ConsecutiveRejections >= settings.MaxConsecutiveRejections)
                {
                    throw settings.Constraints.CreateInfeasibleException();
                }

                continue;
            }

            if (!await RunTrialAsync(trialSettings, costs, budgetToken, userToken).ConfigureAwait(false))
            {
                stopReason = ExperimentStopReason.TimeBudgetReached;
            }
        }

        return BuildExperimentResult(stopReason.Value);
    }

    private TrialSettings ReplayProposal(TrialRecord record)
    {
        var stored = record.Result.TrialSettings.Parameter!;
        var trialSettings = new TrialSettings { TrialId = record.TrialId, Fidelity = settings.Scheduler.GetFidelity(record.TrialId) };
        var proposed = settings.Tuner.Propose(trialSettings);
        if (!stored.Equals(proposed))
        {
            throw new InvalidOperationException(
                $"Resuming diverged from the stored history at trial {record.TrialId}: the tuner proposed {proposed?.ToJson() ?? "null"} " +
                $"but the store holds {stored.ToJson()}. A resume needs the same tuner, seed, scheduler and search space as the original run.");
        }

        trialSettings.Parameter = stored;
        return trialSettings;
    }

    private void ReplayFinished(TrialRecord record)
    {
        var result = record.Result;
        if (result.Status == TrialStatus.Rejected)
        {
            settings.Constraints.ReplayRejection(result.Costs);
        }
        else
        {
            settings.Constraints.ResetStreak();
            for (var index = 0; index < result.IntermediateValues.Count; index++)
            {
                settings.Scheduler.ReportIntermediate(record.TrialId, record.IntermediateFidelities[index], result.IntermediateValues[index]);
            }
        }

        settings.Scheduler.ReportFinished(result);
        settings.Tuner.Update(result);
        if (result.Status == TrialStatus.Completed && result.Objectives is { } objectives)
        {
            _objectiveCount ??= objectives.Count;
        }

        Record(result, exception: null, isLive: false);
    }

    private void Reject(TrialSettings trialSettings, IReadOnlyDictionary<string, double> costs, string message)
    {
        var result = new TrialResult
        {
            TrialSettings = trialSettings,
            Status = TrialStatus.Rejected,
            Costs = costs,
            Message = message,
        };
        settings.Store.SaveTrial(new TrialRecord(result));
        settings.Scheduler.ReportFinished(result);
        settings.Tuner.Update(result);
        Record(result, exception: null, isLive: true);
    }

    /// <summary>Runs one trial; returns <see langword="false"/> when the time budget interrupted it (it stays Running).</summary>
    private async Task<bool> RunTrialAsync(
        TrialSettings trialSettings, IReadOnlyDictionary<string, double> costs, CancellationToken budgetToken, CancellationToken userToken)
    {
        settings.Store.SaveTrial(new TrialRecord(new TrialResult { TrialSettings = trialSettings, Status = TrialStatus.Running, Costs = costs }));
        settings.Monitor.ReportRunningTrial(trialSettings);
        var execution = await settings.Executor.ExecuteAsync(trialSettings, costs, settings.Scheduler, budgetToken, userToken).ConfigureAwait(false);
        switch (execution.Kind)
        {
            case TrialExecutionKind.Cancelled:
                throw new OperationCanceledException(
                    $"The experiment was cancelled during trial {trialSettings.TrialId}; the trial stays Running in the store and runs again on resume.",
                    execution.Exception,
                    userToken);
            case TrialExecutionKind.Interrupted:
                return false;
        }

        var result = ToTrialResult(trialSettings, costs, execution);
        settings.Store.SaveTrial(new TrialRecord(result, execution.IntermediateFidelities));
        settings.Scheduler.ReportFinished(result);
        settings.Tuner.Update(result);
        Record(result, result.Status == TrialStatus.Failed ? execution.Exception : null, isLive: true);
        return true;
    }

    private TrialResult ToTrialResult(TrialSettings trialSettings, IReadOnlyDictionary<string, double> costs, TrialExecution execution)
    {
        TrialResult Failed(string message) => new()
        {
            TrialSettings = trialSettings,
            Status = TrialStatus.Failed,
            Costs = costs,
            IntermediateValues = execution.IntermediateValues,
            DurationInMilliseconds = execution.DurationInMilliseconds,
            Message = message,
        };

        switch (execution.Kind)
        {
            case TrialExecutionKind.Failed:
                return Failed(execution.Message ?? "failed");
            case TrialExecutionKind.Pruned:
                return new TrialResult
                {
                    TrialSettings = trialSettings,
                    Status = TrialStatus.Pruned,
                    Loss = execution.IntermediateValues.Length > 0 ? execution.IntermediateValues[^1] : double.NaN,
                    Metrics = execution.Outcome is { } partial ? new Dictionary<string, double>(partial.Metrics, StringComparer.Ordinal) : s_noValues,
                    Costs = costs,
                    IntermediateValues = execution.IntermediateValues,
                    DurationInMilliseconds = execution.DurationInMilliseconds,
                };
        }

        var outcome = execution.Outcome!;
        if (double.IsNaN(outcome.Loss))
        {
            return Failed("the trial runner returned a NaN loss");
        }

        var metrics = new Dictionary<string, double>(outcome.Metrics ?? s_noValues, StringComparer.Ordinal);
        double loss;
        IReadOnlyList<double>? objectives;
        try
        {
            loss = outcome.Loss + settings.Constraints.Penalty(costs, metrics);
            objectives = BuildObjectives(loss, outcome, metrics, costs);
        }
        catch (InvalidOperationException exception)
        {
            return Failed(exception.Message);
        }

        return new TrialResult
        {
            TrialSettings = trialSettings,
            Status = TrialStatus.Completed,
            Loss = loss,
            Objectives = objectives,
            Metrics = metrics,
            Costs = costs,
            IntermediateValues = execution.IntermediateValues,
            DurationInMilliseconds = execution.DurationInMilliseconds,
        };
    }

    private double[]? BuildObjectives(double loss, TrialOutcome outcome, Dictionary<string, double> metrics, IReadOnlyDictionary<string, double> costs)
    {
        List<double>? values = null;
        string[]? baseNames = null;
        if (settings.Objectives.Count > 0)
        {
            values = [];
            foreach (var objective in settings.Objectives)
            {
                double value;
                if (string.Equals(objective.Name, Objective.LossName, StringComparison.Ordinal))
                {
                    value = loss;
                }
                else if (!metrics.TryGetValue(objective.Name, out value) && !costs.TryGetValue(objective.Name, out value))
                {
                    throw new InvalidOperationException(
                        $"The objective '{objective.Name}' is neither the loss, a metric the runner reported " +
                        $"({(metrics.Count == 0 ? "none" : string.Join(", ", metrics.Keys))}) nor an estimated cost " +
                        $"({(costs.Count == 0 ? "none" : string.Join(", ", costs.Keys))}).");
                }

                values.Add(objective.IsMaximized ? -value : value);
            }
        }
        else if (outcome.Objectives is { } given)
        {
            values = [.. given];
            baseNames = [.. Enumerable.Range(0, values.Count).Select(index => string.Create(CultureInfo.InvariantCulture, $"objective{index}"))];
        }

        if (settings.Constraints.ObjectiveConstraints.Count > 0)
        {
            if (values is null)
            {
                values = [loss];
                baseNames = [Objective.LossName];
            }

            foreach (var constraint in settings.Constraints.ObjectiveConstraints)
            {
                values.Add(ConstraintEvaluator.CostValue(constraint, costs, metrics));
            }
        }

        if (values is null)
        {
            return null;
        }

        _objectiveCount ??= values.Count;
        _baseObjectiveNames ??= baseNames;
        if (values.Count != _objectiveCount)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The trial has {values.Count} objectives but earlier trials had {_objectiveCount}."));
        }

        return [.. values];
    }

    private void Record(TrialResult result, Exception? exception, bool isLive)
    {
        _finished.Add(result);
        if (result.Status != TrialStatus.Rejected)
        {
            _trialsRun++;
        }

        var monitor = settings.Monitor;
        switch (result.Status)
        {
            case TrialStatus.Completed:
                var isBest = _best is null || result.Loss < _best.Loss;
                if (isBest)
                {
                    _best = result;
                }

                if (isLive)
                {
                    monitor.ReportCompletedTrial(result);
                    if (isBest)
                    {
                        monitor.ReportBestTrial(result);
                    }
                }

                break;
            case TrialStatus.Failed:
                _failedCount++;
                if (_firstFailure is null)
                {
                    _firstFailure = result;
                    _firstFailureException = exception;
                }

                if (isLive)
                {
                    monitor.ReportFailTrial(result, exception);
                }

                break;
            case TrialStatus.Pruned when isLive:
                monitor.ReportPrunedTrial(result);
                break;
            case TrialStatus.Rejected when isLive:
                monitor.ReportRejectedTrial(result);
                break;
        }
    }

    private ExperimentStopReason? ShouldStop(CancellationToken budgetToken)
    {
        if (settings.MaxTrials is { } maxTrials && _trialsRun >= maxTrials)
        {
            return ExperimentStopReason.MaxTrialsReached;
        }

        return budgetToken.IsCancellationRequested ? ExperimentStopReason.TimeBudgetReached : null;
    }

    private ExperimentResult BuildExperimentResult(ExperimentStopReason stopReason)
    {
        if (_best is null)
        {
            if (_firstFailure is not null && _failedCount == _trialsRun)
            {
                throw new InvalidOperationException(
                    $"Every trial failed ({_failedCount} of {_trialsRun}). The first failure, trial {_firstFailure.TrialSettings.TrialId}: {_firstFailure.Message}",
                    _firstFailureException);
            }

            var counts = $"{_trialsRun} trials ran: {_failedCount} failed, {_finished.Count(r => r.Status == TrialStatus.Pruned)} pruned; " +
                $"{_finished.Count(r => r.Status == TrialStatus.Rejected)} candidates rejected";
            if (stopReason == ExperimentStopReason.TimeBudgetReached)
            {
                throw new TimeoutException($"The time budget of {settings.TrainingTime} ended before any trial completed ({counts}).");
            }

            throw new InvalidOperationException($"No trial completed ({counts}).");
        }

        var objectiveConstraints = settings.Constraints.ObjectiveConstraints;
        var candidates = _finished
            .Where(result => result.Status == TrialStatus.Completed && result.Objectives is { } o && o.Count == _objectiveCount && !o.Any(double.IsNaN))
            .ToList();
        if (objectiveConstraints.Count > 0)
        {
            var feasible = candidates.Where(result => IsWithinObjectiveLimits(result.Objectives!, objectiveConstraints)).ToList();
            if (feasible.Count > 0)
            {
                candidates = feasible;
            }
        }

        List<TrialResult> front = candidates.Count > 0
            ? [.. ParetoFront.NondominatedIndices([.. candidates.Select(result => result.Objectives!)]).Select(index => candidates[index])]
            : [_best];
        return new ExperimentResult
        {
            BestTrial = _best,
            ParetoFront = front,
            ObjectiveNames = ObjectiveNames(),
            Trials = [.. _finished],
            StopReason = stopReason,
        };
    }

    private static bool IsWithinObjectiveLimits(IReadOnlyList<double> objectives, IReadOnlyList<CostConstraint> objectiveConstraints)
    {
        var offset = objectives.Count - objectiveConstraints.Count;
        for (var index = 0; index < objectiveConstraints.Count; index++)
        {
            if (!objectiveConstraints[index].IsSatisfiedBy(objectives[offset + index]))
            {
                return false;
            }
        }

        return true;
    }

    private List<string> ObjectiveNames()
    {
        var names = new List<string>();
        if (settings.Objectives.Count > 0)
        {
            names.AddRange(settings.Objectives.Select(objective => objective.Name));
        }
        else if (_baseObjectiveNames is not null)
        {
            names.AddRange(_baseObjectiveNames);
        }
        else if (_objectiveCount is { } count)
        {
            var given = count - settings.Constraints.ObjectiveConstraints.Count;
            names.AddRange(Enumerable.Range(0, given).Select(index => string.Create(CultureInfo.InvariantCulture, $"objective{index}")));
        }
        else
        {
            names.Add(Objective.LossName);
        }

        names.AddRange(settings.Constraints.ObjectiveConstraints.Select(constraint => constraint.CostName));
        return names;
    }
}
