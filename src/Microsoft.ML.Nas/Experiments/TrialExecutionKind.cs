namespace Microsoft.ML.Nas.Experiments;

/// <summary>The ways the runner's part of a trial ends.</summary>
internal enum TrialExecutionKind
{
    /// <summary>The runner returned an outcome.</summary>
    Completed,

    /// <summary>The runner threw, or the trial ran past its timeout or memory limit.</summary>
    Failed,

    /// <summary>The scheduler stopped the trial.</summary>
    Pruned,

    /// <summary>The experiment's time budget ran out during the trial: not a result; the trial runs again on resume.</summary>
    Interrupted,

    /// <summary>The user cancelled the experiment during the trial.</summary>
    Cancelled,
}
