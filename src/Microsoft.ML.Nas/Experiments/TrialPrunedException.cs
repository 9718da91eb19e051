namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// Thrown by <see cref="TrialContext.ReportIntermediate"/> when the scheduler stops the trial. A runner may let it
/// propagate (the usual way) or catch it and return; either way the trial is recorded as pruned. A runner may also
/// throw it itself to prune its trial.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TrialPrunedException"/> class.</summary>
    public TrialPrunedException()
        : base("The trial was pruned.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TrialPrunedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TrialPrunedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
