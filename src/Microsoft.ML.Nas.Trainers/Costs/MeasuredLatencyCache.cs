using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.ML.Nas.Storage;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// A persistent memo of measured latencies for <see cref="MeasuredLatencyCostModel"/>, kept as a table in the
/// search's SQLite checkpoint: every measurement is committed before it is used, and a resumed search reads the
/// stored values instead of measuring again, so its feasibility decisions, costs and proposals are the same as the
/// interrupted run's.
/// </summary>
/// <remarks>
/// <para>
/// The table <c>measured_latencies</c> sits beside the trial store's tables in the same file (a
/// <see cref="SqliteTrialStore"/>): one row per network (the SHA-256 of its description's JSON, which covers the input
/// shape and the outputs) and measurement setting (batch size, threads, warm-up and timed runs), holding the whole
/// <see cref="LatencyMeasurement"/> (median, minimum, 10th and 90th percentiles, runs), so either statistic can be read
/// back. Rows are never replaced: the first measurement of a network is the one every later run sees, on whatever
/// machine the search resumes.
/// </para>
/// <para>
/// A missing file is created as an empty trial store first, so that the experiment can open it as its checkpoint
/// afterwards (the store refuses a SQLite file without its tables). A file that is not a trial store, a
/// <c>measured_latencies</c> table of another shape, or a stored row that is not a valid measurement raises an
/// <see cref="InvalidDataException"/> naming the path and the problem, and the file is left as it was: measuring such
/// networks again would make a resumed search differ from the run it resumes, so the cache is never silently rebuilt.
/// </para>
/// <para>
/// Commits use SQLite's write-ahead log with <c>synchronous = FULL</c>: a committed row survives a process kill and a
/// power loss (a measurement costs far more than the sync). The instance is thread-safe; dispose it to close the file.
/// </para>
/// </remarks>
public sealed class MeasuredLatencyCache : IDisposable
{
    /// <summary>The name of the table in the checkpoint file.</summary>
    public const string TableName = "measured_latencies";

    private static readonly string[] s_columns = ["network_sha256", "settings", "median_ms", "minimum_ms", "p10_ms", "p90_ms", "runs"];

    private readonly SqliteConnection _connection;
    private readonly Dictionary<(string Network, string Settings), LatencyMeasurement> _measurements = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="MeasuredLatencyCache"/> class: opens (or creates) the table in a checkpoint file and reads every stored measurement.</summary>
    /// <param name="checkpointPath">The search's SQLite checkpoint (a NasML trial store); created, with its folder, as an empty trial store when missing.</param>
    /// <exception cref="ArgumentException"><paramref name="checkpointPath"/> is null, empty or white space.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a NasML trial store, its <c>measured_latencies</c> table lacks a column, or a stored row is not a
    /// valid measurement; the message names the path and the problem, and the file is left unchanged.
    /// </exception>
    public MeasuredLatencyCache(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);

        // Creates the file as a trial store, or checks that an existing file is one, before this table is added.
        new SqliteTrialStore(checkpointPath).Dispose();

        DatabasePath = Path.GetFullPath(checkpointPath);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        try
        {
            _connection.Open();
            using (var pragma = _connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
                pragma.ExecuteNonQuery();
            }

            if (!TableExists())
            {
                CreateTable();
            }

            RequireColumns();
            ReadAll();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Gets the full path of the checkpoint file.</summary>
    public string DatabasePath { get; }

    /// <summary>Gets the number of stored measurements.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _measurements.Count;
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    /// <summary>Looks up a stored measurement.</summary>
    /// <param name="networkHash">The SHA-256 (lower-case hex) of the network description's JSON.</param>
    /// <param name="settings">The measurement settings' key (<see cref="LatencySettings.Key"/>).</param>
    /// <param name="measurement">The stored measurement, when found.</param>
    /// <returns>Whether a measurement is stored.</returns>
    internal bool TryGet(string networkHash, string settings, out LatencyMeasurement measurement)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _measurements.TryGetValue((networkHash, settings), out measurement!);
        }
    }

    /// <summary>
    /// Stores a measurement and commits it before returning, unless one is already stored for the network and
    /// settings; returns the stored one, which callers must use.
    /// </summary>
    /// <param name="networkHash">The SHA-256 (lower-case hex) of the network description's JSON.</param>
    /// <param name="settings">The measurement settings' key (<see cref="LatencySettings.Key"/>).</param>
    /// <param name="measurement">The new measurement.</param>
    /// <returns>The measurement that is now stored.</returns>
    internal LatencyMeasurement Add(string networkHash, string settings, LatencyMeasurement measurement)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_measurements.TryGetValue((networkHash, settings), out var stored))
            {
                return stored;
            }

            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO {TableName} ({string.Join(", ", s_columns)})
                VALUES ($network, $settings, $median, $minimum, $p10, $p90, $runs)
                ON CONFLICT (network_sha256, settings) DO NOTHING
                """;
            insert.Parameters.AddWithValue("$network", networkHash);
            insert.Parameters.AddWithValue("$settings", settings);
            insert.Parameters.AddWithValue("$median", measurement.MedianMilliseconds);
            insert.Parameters.AddWithValue("$minimum", measurement.MinimumMilliseconds);
            insert.Parameters.AddWithValue("$p10", measurement.P10Milliseconds);
            insert.Parameters.AddWithValue("$p90", measurement.P90Milliseconds);
            insert.Parameters.AddWithValue("$runs", measurement.Runs);
            insert.ExecuteNonQuery();
            transaction.Commit();
            _measurements[(networkHash, settings)] = measurement;
            return measurement;
        }
    }

    /// <summary>Reads a stored number; SQLite would silently read a text or a NULL as 0.</summary>
    private static double Number(SqliteDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        double value => value,
        long value => value,
        var other => throw new FormatException(string.Create(
            CultureInfo.InvariantCulture, $"{s_columns[ordinal]} is {(other is DBNull ? "NULL" : $"'{other}'")}, not a number.")),
    };

    private static string Text(SqliteDataReader reader, int ordinal) => reader.GetValue(ordinal) as string
        ?? throw new FormatException($"{s_columns[ordinal]} is not a text.");

    private bool TableExists()
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        select.Parameters.AddWithValue("$name", TableName);
        return (long)select.ExecuteScalar()! > 0;
    }

    private void CreateTable()
    {
        using var transaction = _connection.BeginTransaction();
        using var create = _connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {TableName} (
                network_sha256 TEXT NOT NULL,
                settings TEXT NOT NULL,
                median_ms REAL NOT NULL,
                minimum_ms REAL NOT NULL,
                p10_ms REAL NOT NULL,
                p90_ms REAL NOT NULL,
                runs INTEGER NOT NULL,
                PRIMARY KEY (network_sha256, settings)) WITHOUT ROWID
            """;
        create.ExecuteNonQuery();
        transaction.Commit();
    }

    private void RequireColumns()
    {
        var found = new List<string>();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = $"SELECT name FROM pragma_table_info('{TableName}')";
            using var reader = pragma.ExecuteReader();
            while (reader.Read())
            {
                found.Add(reader.GetString(0));
            }
        }

        var missing = s_columns.Except(found, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The checkpoint '{DatabasePath}' has a table '{TableName}' that is not NasML's latency cache (missing columns: " +
                $"{string.Join(", ", missing)}). It was left unchanged; choose another checkpoint path.");
        }
    }

    private void ReadAll()
    {
        using var select = _connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", s_columns)} FROM {TableName}";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var network = Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture);
            try
            {
                var key = (Text(reader, 0), Text(reader, 1));
                var runs = Number(reader, 6);
                var measurement = new LatencyMeasurement(
                    Number(reader, 2), Number(reader, 3), Number(reader, 4), Number(reader, 5), runs == Math.Floor(runs) ? checked((int)runs) : -1);
                _measurements[key] = measurement;
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
            {
                throw new InvalidDataException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"The measured latency of network {network} in '{DatabasePath}' ({TableName}) cannot be read: {exception.Message} ") +
                    "The file was left unchanged. Measuring the network again would make the resumed search differ from the run it resumes; " +
                    "repair or remove the row, or start the search with a new checkpoint.",
                    exception);
            }
        }
    }
}
