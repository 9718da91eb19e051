namespace Microsoft.ML.Nas.Experiments;

/// <summary>Adapts a delegate to <see cref="ITrialRunner"/>.</summary>
internal sealed class DelegateTrialRunner(Func<TrialContext, CancellationToken, Task<TrialOutcome>> run) : ITrialRunner
{
    public Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
