using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Tests.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

[Collection(TorchTests.CollectionName)]
public sealed class MeasuredLatencyCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-latency-cache-tests-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Add_ThenReopen_ReadsBackEveryMeasurementExactly()
    {
        var path = NewPath();
        var first = new LatencyMeasurement(1.25, 1.0, 1.125, 2.5, 30);
        var second = new LatencyMeasurement(0.1 / 3, 0.01, 0.02, 0.1, 7);
        using (var cache = new MeasuredLatencyCache(path))
        {
            Assert.Equal(0, cache.Count);
            cache.Add("aa", "batch=1|threads=1|warmup=5|runs=30", first);
            cache.Add("bb", "batch=1|threads=1|warmup=5|runs=7", second);
        }

        using var reopened = new MeasuredLatencyCache(path);

        Assert.Equal(2, reopened.Count);
        Assert.True(reopened.TryGet("aa", "batch=1|threads=1|warmup=5|runs=30", out var readFirst));
        Assert.True(reopened.TryGet("bb", "batch=1|threads=1|warmup=5|runs=7", out var readSecond));
        Assert.Equal(first, readFirst);
        Assert.Equal(second, readSecond);
        Assert.False(reopened.TryGet("aa", "batch=2|threads=1|warmup=5|runs=30", out _));
    }

    [Fact]
    public void Add_SameNetworkTwice_KeepsTheFirstMeasurement()
    {
        using var cache = new MeasuredLatencyCache(NewPath());
        var first = new LatencyMeasurement(1, 1, 1, 1, 3);

        cache.Add("aa", "s", first);
        var returned = cache.Add("aa", "s", new LatencyMeasurement(2, 2, 2, 2, 3));

        Assert.Equal(first, returned);
        Assert.True(cache.TryGet("aa", "s", out var stored));
        Assert.Equal(first, stored);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Estimate_WithTheCacheOfAnEarlierModel_ReturnsTheStoredValuesWithoutMeasuring()
    {
        var path = NewPath();
        var space = LatencyTestNetworks.TinyMobileNet();
        var parameters = TwoParameters(space);
        double[] measured;
        using (var cache = new MeasuredLatencyCache(path))
        {
            var model = new MeasuredLatencyCostModel(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement, cache);
            measured = [.. parameters.Select(parameter => model.Estimate(parameter)[CostNames.LatencyMilliseconds])];
            Assert.Equal(2, model.MeasuredNetworks);
        }

        using var reopened = new MeasuredLatencyCache(path);
        var resumed = new MeasuredLatencyCostModel(
            space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement, reopened,
            measure: _ => throw new InvalidOperationException("A stored network was measured again."));

        var recalled = parameters.Select(parameter => resumed.Estimate(parameter)[CostNames.LatencyMilliseconds]).ToArray();

        Assert.Equal(measured, recalled);
        Assert.Equal(0, resumed.MeasuredNetworks);
        Assert.Equal(2, reopened.Count);
    }

    [Fact]
    public void Estimate_ReturnsOnlyAfterTheMeasurementIsCommittedToTheFile()
    {
        var path = NewPath();
        var space = LatencyTestNetworks.TinyMobileNet();
        var parameter = TwoParameters(space)[0];
        using var cache = new MeasuredLatencyCache(path);
        var model = new MeasuredLatencyCostModel(
            space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement, cache,
            measure: _ => new LatencyMeasurement(2, 1, 1.5, 3, 3));

        var latency = model.Estimate(parameter)[CostNames.LatencyMilliseconds];

        // A second connection sees only committed rows: had the process died right after Estimate, the value would be there.
        using var other = new MeasuredLatencyCache(path);
        Assert.True(other.TryGet(NetworkHash(space, parameter), "batch=1|threads=1|warmup=1|runs=3", out var stored));
        Assert.Equal(latency, stored.MedianMilliseconds);
    }

    [Fact]
    public void Estimate_OtherStatistic_ReadsItFromTheStoredMeasurement()
    {
        var path = NewPath();
        var space = LatencyTestNetworks.TinyMobileNet();
        var parameter = TwoParameters(space)[0];
        using var cache = new MeasuredLatencyCache(path);
        var median = new MeasuredLatencyCostModel(
            space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement, cache,
            measure: _ => new LatencyMeasurement(2, 1, 1.5, 3, 3));
        var minimum = new MeasuredLatencyCostModel(
            space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement with { Statistic = LatencyStatistic.Minimum },
            cache, measure: _ => throw new InvalidOperationException("measured again"));

        Assert.Equal(2, median.Estimate(parameter)[CostNames.LatencyMilliseconds]);
        Assert.Equal(1, minimum.Estimate(parameter)[CostNames.LatencyMilliseconds]);
    }

    [Fact]
    public void Estimate_OtherMeasurementSettings_MeasuresAgainUnderTheirOwnKey()
    {
        var space = LatencyTestNetworks.TinyMobileNet();
        var parameter = TwoParameters(space)[0];
        using var cache = new MeasuredLatencyCache(NewPath());
        var three = new MeasuredLatencyCostModel(
            space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement, cache,
            measure: _ => new LatencyMeasurement(2, 2, 2, 2, 3));
        var four = new MeasuredLatencyCostModel(
            space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement with { MeasuredRuns = 4 }, cache,
            measure: _ => new LatencyMeasurement(5, 5, 5, 5, 4));

        Assert.Equal(2, three.Estimate(parameter)[CostNames.LatencyMilliseconds]);
        Assert.Equal(5, four.Estimate(parameter)[CostNames.LatencyMilliseconds]);
        Assert.Equal(1, four.MeasuredNetworks);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void SearchCostModel_WithTheCheckpointsCache_GivesAResumedSearchTheSameLatency()
    {
        var path = NewPath();
        var space = LatencyTestNetworks.TinyMobileNet();
        var joint = Parameter.CreateObject();
        joint[SearchCostModel.ArchitectureKey] = TwoParameters(space)[1];
        double first;
        using (var cache = new MeasuredLatencyCache(path))
        {
            first = new SearchCostModel(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, null, LatencyTestNetworks.TinyMeasurement, cache)
                .Estimate(joint)[CostNames.LatencyMilliseconds];
        }

        using var reopened = new MeasuredLatencyCache(path);
        var resumed = new SearchCostModel(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, null, LatencyTestNetworks.TinyMeasurement, reopened)
            .Estimate(joint);

        Assert.Equal(first, resumed[CostNames.LatencyMilliseconds]);
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void Open_FileThatIsNotSqlite_ThrowsNamingThePathAndLeavesItUnchanged()
    {
        var path = NewPath();
        File.WriteAllText(path, "not a database");

        var exception = Assert.Throws<InvalidDataException>(() => new MeasuredLatencyCache(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal("not a database", File.ReadAllText(path));
    }

    [Fact]
    public void Open_SqliteFileOfAnotherProgram_ThrowsAndAddsNothing()
    {
        var path = NewPath();
        Execute(path, "CREATE TABLE notes (text TEXT)");

        var exception = Assert.Throws<InvalidDataException>(() => new MeasuredLatencyCache(path));

        Assert.Contains("not a NasML trial store", exception.Message, StringComparison.Ordinal);
        Assert.Equal(["notes"], Tables(path));
    }

    [Fact]
    public void Open_ForeignTableOfTheSameName_ThrowsNamingTheMissingColumns()
    {
        var path = NewPath();
        new Microsoft.ML.Nas.Storage.SqliteTrialStore(path).Dispose();
        Execute(path, $"CREATE TABLE {MeasuredLatencyCache.TableName} (network TEXT, value REAL)");

        var exception = Assert.Throws<InvalidDataException>(() => new MeasuredLatencyCache(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("missing columns: network_sha256, settings, median_ms", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("median_ms = -1")]
    [InlineData("p90_ms = 'fast'")]
    [InlineData("minimum_ms = 5")]
    [InlineData("runs = 0")]
    public void Open_CorruptRow_ThrowsNamingTheNetworkInsteadOfMeasuringAgain(string corruption)
    {
        var path = NewPath();
        using (var cache = new MeasuredLatencyCache(path))
        {
            cache.Add("abc123", "s", new LatencyMeasurement(2, 1, 1.5, 3, 3));
        }

        Execute(path, $"UPDATE {MeasuredLatencyCache.TableName} SET {corruption}");

        var exception = Assert.Throws<InvalidDataException>(() => new MeasuredLatencyCache(path));

        Assert.Contains("network abc123", exception.Message, StringComparison.Ordinal);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyPath_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new MeasuredLatencyCache(" "));
    }

    internal static string NetworkHash(IArchitectureSpace space, Parameter parameter) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            space.Describe(parameter, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs).ToJson())));

    private static Parameter[] TwoParameters(MobileNetSpace space) =>
    [
        space.SearchSpace.SampleFromFeatureSpace(new double[space.SearchSpace.FeatureSpaceDimension]),
        space.SearchSpace.SampleFromFeatureSpace([.. Enumerable.Repeat(1.0, space.SearchSpace.FeatureSpaceDimension)]),
    ];

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Tables(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private string NewPath() => Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".sqlite");
}
