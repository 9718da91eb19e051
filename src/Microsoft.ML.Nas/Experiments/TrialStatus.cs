namespace Microsoft.ML.Nas.Experiments;

/// <summary>The state of a trial in the trial store.</summary>
public enum TrialStatus
{
    /// <summary>The trial has started and has not finished.</summary>
    Running = 0,

    /// <summary>The trial finished and reported its loss.</summary>
    Completed = 1,

    /// <summary>The trial threw, timed out or went over its memory limit.</summary>
    Failed = 2,

    /// <summary>The cost model found the candidate infeasible; it was never trained.</summary>
    Rejected = 3,

    /// <summary>The multi-fidelity scheduler stopped the trial early.</summary>
    Pruned = 4,
}
