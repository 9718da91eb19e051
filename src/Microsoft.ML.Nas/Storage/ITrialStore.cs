namespace Microsoft.ML.Nas.Storage;

/// <summary>
/// Keeps an experiment's trial history transactionally, so a run can be resumed after a crash. SQLite is the default
/// (<see cref="SqliteTrialStore"/>); the contract is narrow so other databases (for example PostgreSQL) can follow.
/// </summary>
/// <remarks>
/// Each <see cref="SaveTrial"/> is one transaction: after it returns, the state is durable; if it throws, the store
/// holds the trial's previous state unchanged. One experiment at a time writes to a store; tuners never see the store.
/// </remarks>
public interface ITrialStore : IDisposable
{
    /// <summary>
    /// Opens the experiment: records <paramref name="metadata"/> when the store is new, otherwise checks the stored
    /// metadata matches it.
    /// </summary>
    /// <param name="metadata">The metadata of the experiment about to run.</param>
    /// <returns>The stored metadata.</returns>
    /// <exception cref="InvalidOperationException">The store belongs to another search space or seed; the message shows both hashes.</exception>
    ExperimentMetadata OpenExperiment(ExperimentMetadata metadata);

    /// <summary>Loads every stored trial in trial-id order.</summary>
    /// <returns>The trials.</returns>
    IReadOnlyList<TrialRecord> LoadTrials();

    /// <summary>Inserts a trial or replaces its stored state, with its intermediate values, in one transaction.</summary>
    /// <param name="record">The trial's new state.</param>
    void SaveTrial(TrialRecord record);
}
