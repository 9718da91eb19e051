using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Tests.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

[Collection(TorchTests.CollectionName)]
public sealed class LatencyLookupTableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-latency-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("mobilenet")]
    [InlineData("resnet")]
    [InlineData("mlp")]
    [InlineData("nasbench201")]
    public void Build_TinyBundledSpace_CoversEveryNodeOfTwentyRandomArchitectures(string name)
    {
        var (space, input) = LatencyTestNetworks.TinySpace(name);

        var table = LatencyLookupTable.Build(space, input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyTable);

        var random = new Random(12345);
        for (var sample = 0; sample < 20; sample++)
        {
            var point = Enumerable.Range(0, space.SearchSpace.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();
            var network = space.Describe(space.SearchSpace.SampleFromFeatureSpace(point), input, LatencyTestNetworks.Outputs);
            Assert.Empty(table.MissingKeys(network));
            Assert.True(table.Predict(network) > 0);
        }
    }

    [Fact]
    public void Build_RecordsMachineSettingsSourceAndInjectedDate()
    {
        var table = LatencyLookupTable.Build([LatencyTestNetworks.Convolutions(1)], LatencyTestNetworks.TinyTable, source: "two convolutions");

        Assert.Equal(Environment.ProcessorCount, table.Machine.ProcessorCount);
        Assert.Equal(1, table.Machine.Threads);
        Assert.Equal(1, table.Machine.BatchSize);
        Assert.Equal(3, table.Machine.MeasuredRuns);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), table.Machine.CreatedAt);
        Assert.False(string.IsNullOrEmpty(table.Machine.OperatingSystem));
        Assert.Equal("two convolutions", table.Source);
        Assert.Equal(3, table.Entries.Count);
        Assert.True(table.OverheadMilliseconds >= 0);
    }

    [Fact]
    public void EnumerateTerms_SameSeed_FindsTheSameKeysInTheSameOrder()
    {
        var space = LatencyTestNetworks.TinyMobileNet();

        var first = LatencyLookupTable.EnumerateTerms(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyTable);
        var second = LatencyLookupTable.EnumerateTerms(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyTable);

        Assert.Equal(first.Select(term => term.Key), second.Select(term => term.Key));
        Assert.Equal(first.Count, first.Select(term => term.Key).Distinct().Count());
    }

    [Fact]
    public void SaveThenLoad_GivesIdenticalEntriesAndPredictions()
    {
        var networks = new[] { LatencyTestNetworks.Convolutions(0), LatencyTestNetworks.Convolutions(2), LatencyTestNetworks.Convolutions(1, kernel: 5) };
        var table = LatencyLookupTable.Build(networks, LatencyTestNetworks.TinyTable, source: "round trip");
        var path = Path.Combine(_directory, "table.json");

        table.Save(path);
        var loaded = LatencyLookupTable.Load(path);

        Assert.Equal(table.Entries, loaded.Entries);
        Assert.Equal(table.OverheadMilliseconds, loaded.OverheadMilliseconds);
        Assert.Equal(table.Machine, loaded.Machine);
        Assert.Equal(table.Source, loaded.Source);
        foreach (var network in networks)
        {
            Assert.Equal(table.Predict(network), loaded.Predict(network));
        }

        Assert.Single(Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData("{ \"format\": \"nasml-latency-table\", \"version\": 1, \"entries\": ")]
    [InlineData("{ \"name\": \"some other tool's settings\", \"entries\": {} }")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"format\": \"nasml-latency-table\", \"version\": 99 }")]
    [InlineData("{ \"format\": \"nasml-latency-table\", \"version\": 1, \"source\": \"\", \"overheadMilliseconds\": -1 }")]
    public void Load_CorruptOrForeignFile_ReportsPathAndProblemAndLeavesFileUntouched(string text)
    {
        var path = Path.Combine(_directory, "not-a-table.json");
        File.WriteAllText(path, text);

        var exception = Assert.Throws<InvalidDataException>(() => LatencyLookupTable.Load(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read: ", exception.Message, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public void Load_NewerVersion_SaysWhichVersions()
    {
        var path = Path.Combine(_directory, "future.json");
        File.WriteAllText(path, "{ \"format\": \"nasml-latency-table\", \"version\": 2 }");

        var exception = Assert.Throws<InvalidDataException>(() => LatencyLookupTable.Load(path));

        Assert.Contains("version 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_OverAFileThatIsNotATable_RefusesAndLeavesItUntouched()
    {
        var table = LatencyLookupTable.Build([LatencyTestNetworks.Convolutions(0)], LatencyTestNetworks.TinyTable);
        var path = Path.Combine(_directory, "notes.json");
        File.WriteAllText(path, "{ \"important\": true }");

        var exception = Assert.Throws<IOException>(() => table.Save(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal("{ \"important\": true }", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Predict_NodeMissingFromTable_ThrowsNamingTheKey()
    {
        var table = LatencyLookupTable.Build([LatencyTestNetworks.Convolutions(0)], LatencyTestNetworks.TinyTable);
        var network = LatencyTestNetworks.Convolutions(1, kernel: 7);
        var missing = network.Nodes[1].LatencyKey;

        var exception = Assert.Throws<KeyNotFoundException>(() => table.Predict(network));

        Assert.Contains($"'{missing}'", exception.Message, StringComparison.Ordinal);
        Assert.Equal([missing], table.MissingKeys(network));
    }

    [Fact]
    public void Predict_NetworkWithMoreNodes_IsLargerByTheirEntries()
    {
        var small = LatencyTestNetworks.Convolutions(0);
        var larger = LatencyTestNetworks.Convolutions(1);
        var largest = LatencyTestNetworks.Convolutions(2);
        var table = LatencyLookupTable.Build([small, larger], LatencyTestNetworks.TinyTable);
        var extraEntry = table.Entries[larger.Nodes[1].LatencyKey].MedianMilliseconds;

        Assert.True(table.Predict(larger) > table.Predict(small));
        Assert.True(table.Predict(largest) > table.Predict(larger));
        Assert.Equal(table.Predict(small) + extraEntry, table.Predict(larger), 9);
        Assert.Equal(table.Predict(larger) + extraEntry, table.Predict(largest), 9);
    }

    [Fact]
    public void Predict_IsOverheadPlusSumOfNodeEntries()
    {
        var network = LatencyTestNetworks.Convolutions(1);
        var table = LatencyLookupTable.Build([network], LatencyTestNetworks.TinyTable);

        var expected = table.OverheadMilliseconds + network.Nodes.Sum(node => table.Entries[node.LatencyKey].MedianMilliseconds);

        Assert.Equal(expected, table.Predict(network), 12);
    }

    [Fact]
    public void Predict_TableOfMinimums_SumsMinimumEntriesAndSurvivesSaveAndLoad()
    {
        var network = LatencyTestNetworks.Convolutions(1);
        var options = LatencyTestNetworks.TinyTable with
        {
            Measurement = LatencyTestNetworks.TinyMeasurement with { Statistic = LatencyStatistic.Minimum },
        };
        var table = LatencyLookupTable.Build([network], options);
        var path = Path.Combine(_directory, "minimum.json");
        table.Save(path);

        var loaded = LatencyLookupTable.Load(path);

        var expected = table.OverheadMilliseconds + network.Nodes.Sum(node => table.Entries[node.LatencyKey].MinimumMilliseconds);
        Assert.Equal(LatencyStatistic.Minimum, loaded.Machine.Statistic);
        Assert.Equal(expected, table.Predict(network), 12);
        Assert.Equal(table.Predict(network), loaded.Predict(network));
    }

    [Fact]
    public void Options_OutOfRangeValues_ThrowNamingTheSetting()
    {
        Assert.Equal(nameof(LatencyTableOptions.Patience), Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyTableOptions { Patience = 0 }).ParamName);
        Assert.Equal(nameof(LatencyTableOptions.MaxArchitectures), Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyTableOptions { MaxArchitectures = 0 }).ParamName);
        Assert.Equal(nameof(LatencyTableOptions.CalibrationNetworks), Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyTableOptions { CalibrationNetworks = -1 }).ParamName);
        Assert.Throws<ArgumentNullException>(() => new LatencyTableOptions { Measurement = null! });
    }
}
