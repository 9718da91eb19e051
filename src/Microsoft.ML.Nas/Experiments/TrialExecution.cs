namespace Microsoft.ML.Nas.Experiments;

/// <summary>How the runner's part of one trial ended, before the experiment turns it into a <see cref="TrialResult"/>.</summary>
internal sealed class TrialExecution
{
    public required TrialExecutionKind Kind { get; init; }

    public TrialOutcome? Outcome { get; init; }

    public Exception? Exception { get; init; }

    public string? Message { get; init; }

    public required double[] IntermediateFidelities { get; init; }

    public required double[] IntermediateValues { get; init; }

    public required double DurationInMilliseconds { get; init; }
}
