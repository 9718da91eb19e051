using Microsoft.ML.Nas.Scheduling;

namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// Runs one trial's runner with its cancellation sources (user, time budget, trial timeout, memory limit) and
/// classifies how it ended. Every source, timer and context it creates is released before it returns.
/// </summary>
internal sealed class TrialExecutor(
    ITrialRunner runner,
    TimeProvider timeProvider,
    TimeSpan? trialTimeout,
    long? memoryLimitBytes,
    TimeSpan memorySamplingInterval,
    TimeSpan cancellationGracePeriod)
{
    public async Task<TrialExecution> ExecuteAsync(
        TrialSettings settings,
        IReadOnlyDictionary<string, double> costs,
        ITrialScheduler scheduler,
        CancellationToken budgetToken,
        CancellationToken userToken)
    {
        var context = new TrialContext(settings, costs, scheduler);
        using var timeoutSource = trialTimeout is { } timeout ? new CancellationTokenSource(timeout, timeProvider) : null;
        using var memorySource = memoryLimitBytes is null ? null : new CancellationTokenSource();
        using var linkedSource = CancellationTokenSource.CreateLinkedTokenSource(
            userToken, budgetToken, timeoutSource?.Token ?? CancellationToken.None, memorySource?.Token ?? CancellationToken.None);
        var start = timeProvider.GetTimestamp();
        var memoryWatch = memoryLimitBytes is { } limit
            ? new MemoryWatch(limit, memorySource!, timeProvider, memorySamplingInterval)
            : null;

        TrialOutcome? outcome = null;
        Exception? error = null;
        var stoppedByToken = false;
        var prunedByRunner = false;
        try
        {
            var token = linkedSource.Token;
            var task = Task.Run(() => runner.RunAsync(context, token), CancellationToken.None);
            try
            {
                outcome = await task.WaitAsync(token).ConfigureAwait(false);
            }
            catch (TrialPrunedException)
            {
                prunedByRunner = true;
            }
            catch (Exception exception) when (linkedSource.IsCancellationRequested)
            {
                stoppedByToken = true;
                error = exception;
                await WaitForRunnerToStopAsync(task).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                error = exception;
            }
        }
        finally
        {
            memoryWatch?.Dispose();
        }

        var (fidelities, values) = context.Close();
        if (prunedByRunner)
        {
            context.MarkPruned();
        }

        var duration = timeProvider.GetElapsedTime(start).TotalMilliseconds;
        TrialExecution Make(TrialExecutionKind kind, string? message = null) => new()
        {
            Kind = kind,
            Outcome = outcome,
            Exception = error,
            Message = message,
            IntermediateFidelities = fidelities,
            IntermediateValues = values,
            DurationInMilliseconds = duration,
        };

        if (stoppedByToken)
        {
            if (userToken.IsCancellationRequested)
            {
                return Make(TrialExecutionKind.Cancelled, "cancelled");
            }

            if (memorySource?.IsCancellationRequested == true)
            {
                error = null;
                return Make(TrialExecutionKind.Failed, $"memory limit: used {memoryWatch!.ExceededBytes} bytes, limit {memoryLimitBytes} bytes");
            }

            if (timeoutSource?.IsCancellationRequested == true)
            {
                error = null;
                return Make(TrialExecutionKind.Failed, $"trial timeout: the trial ran longer than {trialTimeout}");
            }

            return Make(TrialExecutionKind.Interrupted, "time budget");
        }

        if (context.IsPruned)
        {
            return Make(TrialExecutionKind.Pruned);
        }

        if (error is not null)
        {
            return Make(TrialExecutionKind.Failed, string.IsNullOrEmpty(error.Message) ? error.GetType().Name : error.Message);
        }

        if (outcome is null)
        {
            return Make(TrialExecutionKind.Failed, "the trial runner returned no outcome (null)");
        }

        return Make(TrialExecutionKind.Completed);
    }

    private async Task WaitForRunnerToStopAsync(Task task)
    {
        if (!task.IsCompleted)
        {
            using var graceSource = new CancellationTokenSource(cancellationGracePeriod, timeProvider);
            var first = await Task.WhenAny(task, Task.Delay(Timeout.Infinite, graceSource.Token)).ConfigureAwait(false);
            if (first != task)
            {
                // The runner ignored its token: abandon it, but observe its eventual exception so it is not unobserved.
                _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return;
            }
        }

        _ = task.Exception;
    }
}
