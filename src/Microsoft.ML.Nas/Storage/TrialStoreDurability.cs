namespace Microsoft.ML.Nas.Storage;

/// <summary>How much a committed trial-store transaction survives.</summary>
public enum TrialStoreDurability
{
    /// <summary>
    /// A committed transaction survives a crash or kill of the process (SQLite write-ahead log with
    /// <c>synchronous=NORMAL</c>); a power loss may roll back the last few commits but never corrupts the file.
    /// The default: it avoids a disk sync per state change, which dominates the cost of cheap trials.
    /// </summary>
    ProcessCrash = 0,

    /// <summary>
    /// A committed transaction also survives a power loss or operating-system crash (<c>synchronous=FULL</c>:
    /// a disk sync on every commit).
    /// </summary>
    PowerLoss = 1,
}
