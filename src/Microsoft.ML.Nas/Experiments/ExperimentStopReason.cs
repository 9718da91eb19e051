namespace Microsoft.ML.Nas.Experiments;

/// <summary>Why an experiment stopped.</summary>
public enum ExperimentStopReason
{
    /// <summary>The number of trials run reached the maximum.</summary>
    MaxTrialsReached = 0,

    /// <summary>The training time budget ran out; a trial it interrupted stays Running in the store and runs again on resume.</summary>
    TimeBudgetReached = 1,
}
