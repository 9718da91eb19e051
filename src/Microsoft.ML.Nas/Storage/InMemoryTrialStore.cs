namespace Microsoft.ML.Nas.Storage;

/// <summary>A trial store in process memory: the default when no checkpoint is set; nothing survives the process.</summary>
public sealed class InMemoryTrialStore : ITrialStore
{
    private readonly SortedDictionary<int, TrialRecord> _trials = [];
    private readonly Lock _lock = new();
    private ExperimentMetadata? _metadata;

    /// <inheritdoc/>
    public ExperimentMetadata OpenExperiment(ExperimentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (_lock)
        {
            if (_metadata is null)
            {
                _metadata = metadata;
            }
            else
            {
                _metadata.EnsureMatches(metadata, "(in memory)");
            }

            return _metadata;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> LoadTrials()
    {
        lock (_lock)
        {
            return [.. _trials.Values];
        }
    }

    /// <inheritdoc/>
    public void SaveTrial(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _trials[record.TrialId] = record;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
