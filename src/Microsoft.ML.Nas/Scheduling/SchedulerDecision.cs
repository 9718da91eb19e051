namespace Microsoft.ML.Nas.Scheduling;

/// <summary>What a trial scheduler decides when a trial reports an intermediate value.</summary>
public enum SchedulerDecision
{
    /// <summary>The trial goes on.</summary>
    Continue = 0,

    /// <summary>The trial stops now; it is recorded <see cref="Experiments.TrialStatus.Pruned"/>.</summary>
    Stop = 1,
}
