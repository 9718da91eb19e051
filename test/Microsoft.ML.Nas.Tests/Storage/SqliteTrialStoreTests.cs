using Microsoft.Data.Sqlite;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tests.Experiments;

namespace Microsoft.ML.Nas.Tests.Storage;

public sealed class SqliteTrialStoreTests : IDisposable
{
    private readonly string _path = EngineTestKit.TempDatabasePath();

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _path + "-journal" })
        {
            File.Delete(file);
        }
    }

    private static ExperimentMetadata Metadata(string hash = "abc123", int seed = 3) =>
        new() { SearchSpaceHash = hash, SearchSpaceJson = "{\"type\":\"space\"}", Seed = seed };

    private static Parameter Candidate(double width) =>
        Parameter.CreateNestedParameter(("width", Parameter.FromDouble(width)), ("act", Parameter.FromString("relu")), ("layers", Parameter.FromInt(3)));

    private static TrialRecord FullRecord(int trialId) => new(
        new TrialResult
        {
            TrialSettings = new TrialSettings { TrialId = trialId, Parameter = Candidate(0.25 * (trialId + 1)), Fidelity = 9 },
            Status = TrialStatus.Completed,
            Loss = 0.125 + trialId,
            Objectives = [0.125 + trialId, 17.5, double.PositiveInfinity],
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9, ["odd"] = double.NaN, ["low"] = double.NegativeInfinity },
            Costs = new Dictionary<string, double> { ["parameters"] = 12345, ["latencyMilliseconds"] = 0.75 },
            IntermediateValues = [3.5, double.NaN, 1.25],
            DurationInMilliseconds = 42.5,
            Message = "note",
        },
        [1, 3, 9]);

    private static void AssertSameRecord(TrialRecord expected, TrialRecord actual)
    {
        Assert.Equal(expected.TrialId, actual.TrialId);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Result.TrialSettings.Parameter, actual.Result.TrialSettings.Parameter);
        Assert.Equal(expected.Result.TrialSettings.Fidelity, actual.Result.TrialSettings.Fidelity);
        Assert.Equal(expected.Result.Loss, actual.Result.Loss);
        Assert.Equal(expected.Result.Objectives, actual.Result.Objectives);
        Assert.Equal(expected.Result.Metrics.OrderBy(p => p.Key), actual.Result.Metrics.OrderBy(p => p.Key));
        Assert.Equal(expected.Result.Costs.OrderBy(p => p.Key), actual.Result.Costs.OrderBy(p => p.Key));
        Assert.Equal(expected.Result.IntermediateValues, actual.Result.IntermediateValues);
        Assert.Equal(expected.IntermediateFidelities, actual.IntermediateFidelities);
        Assert.Equal(expected.Result.DurationInMilliseconds, actual.Result.DurationInMilliseconds);
        Assert.Equal(expected.Result.Message, actual.Result.Message);
    }

    [Fact]
    public void SaveTrial_ThenReopen_ReadsBackEveryField()
    {
        var records = new[] { FullRecord(0), FullRecord(1) };
        using (var store = new SqliteTrialStore(_path))
        {
            store.OpenExperiment(Metadata());
            foreach (var record in records)
            {
                store.SaveTrial(record);
            }
        }

        using var reopened = new SqliteTrialStore(_path);
        var stored = reopened.OpenExperiment(Metadata());
        var loaded = reopened.LoadTrials();

        Assert.Equal("{\"type\":\"space\"}", stored.SearchSpaceJson);
        Assert.Equal(2, loaded.Count);
        AssertSameRecord(records[0], loaded[0]);
        AssertSameRecord(records[1], loaded[1]);
    }

    [Fact]
    public void SaveTrial_SameTrialTwice_ReplacesItsStateAndIntermediateValues()
    {
        using var store = new SqliteTrialStore(_path);
        store.OpenExperiment(Metadata());
        var settings = new TrialSettings { TrialId = 4, Parameter = Candidate(1) };
        store.SaveTrial(new TrialRecord(new TrialResult { TrialSettings = settings, Status = TrialStatus.Running, IntermediateValues = [9, 8, 7] }));

        store.SaveTrial(new TrialRecord(new TrialResult { TrialSettings = settings, Status = TrialStatus.Failed, Message = "boom", IntermediateValues = [9] }));

        var record = Assert.Single(store.LoadTrials());
        Assert.Equal(TrialStatus.Failed, record.Status);
        Assert.Equal("boom", record.Result.Message);
        Assert.Equal([9.0], record.Result.IntermediateValues);
        Assert.True(double.IsNaN(record.Result.Loss));
        Assert.Null(record.Result.Objectives);
    }

    [Fact]
    public void SaveTrial_FailingBeforeCommit_LeavesNoPartialRows()
    {
        using var store = new SqliteTrialStore(_path);
        store.OpenExperiment(Metadata());
        var running = new TrialRecord(new TrialResult
        {
            TrialSettings = new TrialSettings { TrialId = 0, Parameter = Candidate(1) },
            Status = TrialStatus.Running,
            IntermediateValues = [5, 4],
        });
        store.SaveTrial(running);
        store.BeforeCommit = _ => throw new IOException("disk unplugged");

        Assert.Throws<IOException>(() => store.SaveTrial(FullRecord(0)));
        Assert.Throws<IOException>(() => store.SaveTrial(FullRecord(1)));
        store.BeforeCommit = null;

        var record = Assert.Single(store.LoadTrials());
        AssertSameRecord(running, record);
        using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM trials) * 100 + (SELECT COUNT(*) FROM intermediate_values)";
        Assert.Equal(102L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public void OpenExperiment_OtherSearchSpace_IsRefusedShowingBothHashes()
    {
        using (var store = new SqliteTrialStore(_path))
        {
            store.OpenExperiment(Metadata(hash: "aaaa1111"));
        }

        using var reopened = new SqliteTrialStore(_path);
        var exception = Assert.Throws<InvalidOperationException>(() => reopened.OpenExperiment(Metadata(hash: "bbbb2222")));

        Assert.Contains("aaaa1111", exception.Message, StringComparison.Ordinal);
        Assert.Contains("bbbb2222", exception.Message, StringComparison.Ordinal);
        Assert.Contains(_path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FileThatIsNotSqlite_IsReportedWithItsPathAndLeftByteIdentical()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var bytes = new byte[8192];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(_path, bytes);

        var exception = Assert.Throws<InvalidDataException>(() => new SqliteTrialStore(_path));

        Assert.Contains(_path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", exception.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(_path));
        Assert.False(File.Exists(_path + "-wal"));
        Assert.False(File.Exists(_path + "-journal"));
    }

    [Fact]
    public void Constructor_SqliteFileWithAnotherSchema_IsReportedAndLeftByteIdentical()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada');";
            create.ExecuteNonQuery();
        }

        var bytes = File.ReadAllBytes(_path);

        var exception = Assert.Throws<InvalidDataException>(() => new SqliteTrialStore(_path));

        Assert.Contains(_path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("not a NasML trial store", exception.Message, StringComparison.Ordinal);
        Assert.Contains("customers", exception.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(_path));
    }

    [Fact]
    public void Constructor_TruncatedStore_IsReportedAndLeftByteIdentical()
    {
        using (var store = new SqliteTrialStore(_path))
        {
            store.OpenExperiment(Metadata());
            for (var trial = 0; trial < 50; trial++)
            {
                store.SaveTrial(FullRecord(trial));
            }
        }

        var bytes = File.ReadAllBytes(_path)[..4096];
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(_path, bytes);

        var exception = Record.Exception(() =>
        {
            using var store = new SqliteTrialStore(_path);
            store.OpenExperiment(Metadata());
            store.LoadTrials();
        });

        Assert.NotNull(exception);
        Assert.Contains(_path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(_path));
    }

    [Fact]
    public void Constructor_EmptyFile_BecomesAStore()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllBytes(_path, []);

        using var store = new SqliteTrialStore(_path);
        store.OpenExperiment(Metadata());

        Assert.Empty(store.LoadTrials());
    }

    [Fact]
    public void InMemoryTrialStore_OtherSeed_IsRefused()
    {
        using var store = new InMemoryTrialStore();
        store.OpenExperiment(Metadata(seed: 1));

        var exception = Assert.Throws<InvalidOperationException>(() => store.OpenExperiment(Metadata(seed: 2)));

        Assert.Contains("seed 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrialRecord_MismatchedFidelityCount_Throws()
    {
        var result = new TrialResult
        {
            TrialSettings = new TrialSettings { TrialId = 0, Parameter = Candidate(1) },
            Status = TrialStatus.Pruned,
            IntermediateValues = [1, 2],
        };

        Assert.Throws<ArgumentException>(() => new TrialRecord(result, [1]));
        Assert.Equal([1.0, 2.0], new TrialRecord(result).IntermediateFidelities);
    }
}
