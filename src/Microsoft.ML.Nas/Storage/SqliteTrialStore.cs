using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Storage;

/// <summary>
/// A trial store in one SQLite file: the experiment row (search-space hash, seed), one row per trial (status, parameter
/// JSON, loss, objectives, metrics, costs, duration, message) and the trial's intermediate values, each state change
/// committed in its own transaction.
/// </summary>
/// <remarks>
/// <para>
/// The file runs in write-ahead-log mode; by default (<see cref="TrialStoreDurability.ProcessCrash"/>) every committed
/// transaction survives a process kill, and with <see cref="TrialStoreDurability.PowerLoss"/> also a power loss. A
/// transaction interrupted half-way leaves nothing behind. Connections are not pooled: the
/// file is closed when the store is disposed.
/// </para>
/// <para>
/// An existing file is checked before anything is written to it: a file that is not SQLite, or a SQLite database that
/// is not a NasML trial store, is reported with an <see cref="InvalidDataException"/> naming the path and is left
/// byte-for-byte unchanged (never overwritten or deleted).
/// </para>
/// </remarks>
public sealed class SqliteTrialStore : ITrialStore
{
    /// <summary>The schema version written to <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = 1;

    private static readonly string[] s_trialColumns =
        ["trial_id", "status", "parameter_json", "fidelity", "loss", "objectives_json", "metrics_json", "costs_json", "duration_ms", "message"];

    private static readonly string[] s_tables = ["experiment", "trials", "intermediate_values"];

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();
    private SqliteCommand? _upsertTrial;
    private SqliteCommand? _deleteIntermediateValues;
    private SqliteCommand? _insertIntermediateValue;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteTrialStore"/> class, creating the file if needed.</summary>
    /// <param name="path">The database file; created (with its folder) when missing.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <param name="durability">What a committed transaction survives; <see cref="TrialStoreDurability.ProcessCrash"/> by default.</param>
    /// <exception cref="InvalidDataException">The file exists but is not a NasML trial store; it is left unchanged.</exception>
    public SqliteTrialStore(string path, TrialStoreDurability durability = TrialStoreDurability.ProcessCrash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Durability = durability;
        DatabasePath = Path.GetFullPath(path);
        var isExisting = File.Exists(DatabasePath) && new FileInfo(DatabasePath).Length > 0;
        if (isExisting)
        {
            EnsureSqliteHeader(DatabasePath);
        }
        else
        {
            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
        }.ToString();
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            if (!isExisting || !EnsureTrialStoreSchema())
            {
                CreateSchema();
            }
            else
            {
                SetDurability();
            }
        }
        catch (SqliteException exception) when (isExisting)
        {
            _connection.Dispose();
            throw new InvalidDataException(
                $"The checkpoint '{DatabasePath}' could not be read as a NasML trial store ({exception.Message}). It was left unchanged.",
                exception);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Gets or sets a test hook run inside <see cref="SaveTrial"/> after the trial row is written and before the commit.</summary>
    internal Action<TrialRecord>? BeforeCommit { get; set; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The file belongs to another search space or seed.</exception>
    public ExperimentMetadata OpenExperiment(ExperimentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using (var select = _connection.CreateCommand())
            {
                select.CommandText = "SELECT search_space_hash, search_space_json, seed FROM experiment WHERE id = 1";
                using var reader = select.ExecuteReader();
                if (reader.Read())
                {
                    var stored = new ExperimentMetadata
                    {
                        SearchSpaceHash = reader.GetString(0),
                        SearchSpaceJson = reader.IsDBNull(1) ? null : reader.GetString(1),
                        Seed = reader.GetInt32(2),
                    };
                    stored.EnsureMatches(metadata, $"'{DatabasePath}'");
                    return stored;
                }
            }

            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO experiment (id, search_space_hash, search_space_json, seed) VALUES (1, $hash, $json, $seed)";
            insert.Parameters.AddWithValue("$hash", metadata.SearchSpaceHash);
            insert.Parameters.AddWithValue("$json", (object?)metadata.SearchSpaceJson ?? DBNull.Value);
            insert.Parameters.AddWithValue("$seed", metadata.Seed);
            insert.ExecuteNonQuery();
            transaction.Commit();
            return metadata;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A stored row cannot be read back.</exception>
    public IReadOnlyList<TrialRecord> LoadTrials()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var intermediate = LoadIntermediateValues();
            var records = new List<TrialRecord>();
            using var select = _connection.CreateCommand();
            select.CommandText = $"SELECT {string.Join(", ", s_trialColumns)} FROM trials ORDER BY trial_id";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var trialId = reader.GetInt32(0);
                try
                {
                    records.Add(ReadTrial(reader, intermediate.GetValueOrDefault(trialId)));
                }
                catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException or InvalidCastException)
                {
                    throw new InvalidDataException($"Trial {trialId} in '{DatabasePath}' cannot be read: {exception.Message}", exception);
                }
            }

            return records;
        }
    }

    /// <inheritdoc/>
    public void SaveTrial(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var result = record.Result;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            PrepareCommands();
            using var transaction = _connection.BeginTransaction();
            var upsert = _upsertTrial!;
            upsert.Transaction = transaction;
            upsert.Parameters["$trial_id"].Value = record.TrialId;
            upsert.Parameters["$status"].Value = result.Status.ToString();
            upsert.Parameters["$parameter_json"].Value = result.TrialSettings.Parameter!.ToJson();
            upsert.Parameters["$fidelity"].Value = result.TrialSettings.Fidelity is { } fidelity ? fidelity : DBNull.Value;
            upsert.Parameters["$loss"].Value = double.IsNaN(result.Loss) ? DBNull.Value : result.Loss;
            upsert.Parameters["$objectives_json"].Value = result.Objectives is null ? DBNull.Value : TrialJson.WriteList(result.Objectives);
            upsert.Parameters["$metrics_json"].Value = TrialJson.WriteDictionary(result.Metrics);
            upsert.Parameters["$costs_json"].Value = TrialJson.WriteDictionary(result.Costs);
            upsert.Parameters["$duration_ms"].Value = double.IsFinite(result.DurationInMilliseconds) ? result.DurationInMilliseconds : 0.0;
            upsert.Parameters["$message"].Value = (object?)result.Message ?? DBNull.Value;
            upsert.ExecuteNonQuery();

            var delete = _deleteIntermediateValues!;
            delete.Transaction = transaction;
            delete.Parameters["$trial_id"].Value = record.TrialId;
            delete.ExecuteNonQuery();

            BeforeCommit?.Invoke(record);

            var insert = _insertIntermediateValue!;
            insert.Transaction = transaction;
            for (var position = 0; position < result.IntermediateValues.Count; position++)
            {
                var value = result.IntermediateValues[position];
                insert.Parameters["$trial_id"].Value = record.TrialId;
                insert.Parameters["$position"].Value = position;
                insert.Parameters["$fidelity"].Value = record.IntermediateFidelities[position];
                insert.Parameters["$value"].Value = double.IsNaN(value) ? DBNull.Value : value;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _upsertTrial?.Dispose();
            _deleteIntermediateValues?.Dispose();
            _insertIntermediateValue?.Dispose();
            _connection.Dispose();
        }
    }

    private static void EnsureSqliteHeader(string path)
    {
        ReadOnlySpan<byte> expected = "SQLite format 3\0"u8;
        Span<byte> header = stackalloc byte[16];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.SequenceEqual(expected))
        {
            throw new InvalidDataException(
                $"The checkpoint '{path}' is not a SQLite database (its first bytes are not the SQLite header). It was left unchanged; " +
                "choose another checkpoint path or move the file away.");
        }
    }

    private static TrialRecord ReadTrial(SqliteDataReader reader, List<(double Fidelity, double Value)>? intermediate)
    {
        var trialId = reader.GetInt32(0);
        var statusText = reader.GetString(1);
        if (!Enum.TryParse<TrialStatus>(statusText, ignoreCase: false, out var status) || !Enum.IsDefined(status))
        {
            throw new FormatException($"Unknown trial status '{statusText}'.");
        }

        var settings = new TrialSettings
        {
            TrialId = trialId,
            Fidelity = reader.IsDBNull(3) ? null : reader.GetDouble(3),
            Parameter = Parameter.FromJson(reader.GetString(2)),
        };
        var result = new TrialResult
        {
            TrialSettings = settings,
            Status = status,
            Loss = reader.IsDBNull(4) ? double.NaN : reader.GetDouble(4),
            Objectives = reader.IsDBNull(5) ? null : TrialJson.ReadList(reader.GetString(5)),
            Metrics = TrialJson.ReadDictionary(reader.GetString(6)),
            Costs = TrialJson.ReadDictionary(reader.GetString(7)),
            DurationInMilliseconds = reader.GetDouble(8),
            Message = reader.IsDBNull(9) ? null : reader.GetString(9),
            IntermediateValues = intermediate is null ? [] : [.. intermediate.Select(pair => pair.Value)],
        };
        return new TrialRecord(result, intermediate is null ? [] : [.. intermediate.Select(pair => pair.Fidelity)]);
    }

    private Dictionary<int, List<(double Fidelity, double Value)>> LoadIntermediateValues()
    {
        var byTrial = new Dictionary<int, List<(double Fidelity, double Value)>>();
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT trial_id, fidelity, value FROM intermediate_values ORDER BY trial_id, position";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var trialId = reader.GetInt32(0);
            if (!byTrial.TryGetValue(trialId, out var values))
            {
                values = [];
                byTrial[trialId] = values;
            }

            values.Add((reader.GetDouble(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2)));
        }

        return byTrial;
    }

    /// <summary>Checks an existing file is a trial store; returns <see langword="false"/> for an empty database that needs the schema.</summary>
    private bool EnsureTrialStoreSchema()
    {
        long version;
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA user_version";
            version = (long)pragma.ExecuteScalar()!;
        }

        var objects = new List<string>();
        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                objects.Add(reader.GetString(0));
            }
        }

        if (objects.Count == 0 && version == 0)
        {
            return false; // an empty database: nothing to lose, it becomes a trial store
        }

        var missingTables = s_tables.Except(objects, StringComparer.Ordinal).ToList();
        var missingColumns = missingTables.Count == 0 ? s_trialColumns.Except(ReadColumns("trials"), StringComparer.Ordinal).ToList() : [];
        if (version != SchemaVersion || missingTables.Count > 0 || missingColumns.Count > 0)
        {
            var found = string.Create(CultureInfo.InvariantCulture,
                $"schema version {version}, tables: {(objects.Count == 0 ? "none" : string.Join(", ", objects))}");
            var missing = missingTables.Count > 0
                ? $"missing tables: {string.Join(", ", missingTables)}"
                : missingColumns.Count > 0 ? $"missing columns in trials: {string.Join(", ", missingColumns)}" : $"expected schema version {SchemaVersion}";
            throw new InvalidDataException(
                $"The checkpoint '{DatabasePath}' is a SQLite database but not a NasML trial store ({found}; {missing}). " +
                "It was left unchanged; choose another checkpoint path.");
        }

        return true;
    }

    private List<string> ReadColumns(string table)
    {
        var columns = new List<string>();
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = pragma.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>Gets what a committed transaction survives.</summary>
    public TrialStoreDurability Durability { get; }

    /// <summary>Write-ahead log; a sync on every commit only for <see cref="TrialStoreDurability.PowerLoss"/>.</summary>
    private void SetDurability()
    {
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = Durability == TrialStoreDurability.PowerLoss
            ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
    }

    private void CreateSchema()
    {
        SetDurability();

        using var transaction = _connection.BeginTransaction();
        using var create = _connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = $"""
            CREATE TABLE IF NOT EXISTS experiment (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                search_space_hash TEXT NOT NULL,
                search_space_json TEXT,
                seed INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS trials (
                trial_id INTEGER PRIMARY KEY,
                status TEXT NOT NULL,
                parameter_json TEXT NOT NULL,
                fidelity REAL,
                loss REAL,
                objectives_json TEXT,
                metrics_json TEXT NOT NULL,
                costs_json TEXT NOT NULL,
                duration_ms REAL NOT NULL,
                message TEXT);
            CREATE TABLE IF NOT EXISTS intermediate_values (
                trial_id INTEGER NOT NULL REFERENCES trials (trial_id),
                position INTEGER NOT NULL,
                fidelity REAL NOT NULL,
                value REAL,
                PRIMARY KEY (trial_id, position)) WITHOUT ROWID;
            PRAGMA user_version = {SchemaVersion};
            """;
        create.ExecuteNonQuery();
        transaction.Commit();
    }

    private void PrepareCommands()
    {
        if (_upsertTrial is not null)
        {
            return;
        }

        _upsertTrial = _connection.CreateCommand();
        _upsertTrial.CommandText = $"""
            INSERT INTO trials ({string.Join(", ", s_trialColumns)})
            VALUES ({string.Join(", ", s_trialColumns.Select(column => "$" + column))})
            ON CONFLICT (trial_id) DO UPDATE SET
            {string.Join(", ", s_trialColumns.Skip(1).Select(column => $"{column} = excluded.{column}"))}
            """;
        foreach (var column in s_trialColumns)
        {
            _upsertTrial.Parameters.Add(new SqliteParameter { ParameterName = "$" + column });
        }

        _deleteIntermediateValues = _connection.CreateCommand();
        _deleteIntermediateValues.CommandText = "DELETE FROM intermediate_values WHERE trial_id = $trial_id";
        _deleteIntermediateValues.Parameters.Add(new SqliteParameter { ParameterName = "$trial_id" });

        _insertIntermediateValue = _connection.CreateCommand();
        _insertIntermediateValue.CommandText =
            "INSERT INTO intermediate_values (trial_id, position, fidelity, value) VALUES ($trial_id, $position, $fidelity, $value)";
        foreach (var name in new[] { "$trial_id", "$position", "$fidelity", "$value" })
        {
            _insertIntermediateValue.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }
}
