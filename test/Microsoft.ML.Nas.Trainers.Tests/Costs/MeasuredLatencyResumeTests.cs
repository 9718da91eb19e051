using Microsoft.Data.Sqlite;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

/// <summary>
/// A search with a measured latency constraint, stopped and resumed on the same SQLite checkpoint. Measurements are
/// injected: the resumed process "measures" every network differently from the first one (as real timings would), so
/// only stored measurements can make the replay agree. No network is built.
/// </summary>
public sealed class MeasuredLatencyResumeTests : IDisposable
{
    private const double MaxLatencyMilliseconds = 0.5;

    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-latency-resume-tests-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RunAsync_ResumedWithTheCheckpointsLatencyCache_ReplaysExactlyAndMeasuresOnlyNewNetworks()
    {
        var path = Path.Combine(_directory, "search.sqlite");
        var firstRunMeasured = new HashSet<string>(StringComparer.Ordinal);
        ExperimentResult first;
        using (var cache = new MeasuredLatencyCache(path))
        {
            first = await Search(path, cache, trials: 5, Measure(firstRunMeasured, flipped: false));
        }

        var secondRunMeasured = new HashSet<string>(StringComparer.Ordinal);
        ExperimentResult resumed;
        using (var cache = new MeasuredLatencyCache(path))
        {
            Assert.Equal(firstRunMeasured.Count, cache.Count);
            resumed = await Search(path, cache, trials: 10, Measure(secondRunMeasured, flipped: true));
        }

        Assert.Equal(10, resumed.Trials.Count);
        Assert.Equal(first.Trials.Select(Summary), resumed.Trials.Take(5).Select(Summary));
        Assert.Empty(firstRunMeasured.Intersect(secondRunMeasured));
        Assert.NotEmpty(secondRunMeasured);
    }

    [Fact]
    public async Task RunAsync_ResumedWithoutTheCache_DivergesBecauseLatencyIsMeasuredAgain()
    {
        var path = Path.Combine(_directory, "search.sqlite");
        await Search(path, cache: null, trials: 5, Measure([], flipped: false));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Search(path, cache: null, trials: 10, Measure([], flipped: true)));

        Assert.Contains("diverged from the stored history", exception.Message, StringComparison.Ordinal);
    }

    private static Task<ExperimentResult> Search(
        string path, MeasuredLatencyCache? cache, int trials, Func<NetworkDescription, LatencyMeasurement> measure)
    {
        var (space, input) = LatencyTestNetworks.TinySpace("mobilenet");
        var costModel = new MeasuredLatencyCostModel(space, input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement, cache, measure);
        var constraints = HardwareConstraints.MaxLatency(TimeSpan.FromMilliseconds(MaxLatencyMilliseconds));
        bool IsFeasible(Parameter parameter) => costModel.Estimate(parameter)[CostNames.LatencyMilliseconds] <= MaxLatencyMilliseconds;
        return new NasExperiment()
            .SetSearchSpace(space.SearchSpace)
            .SetSeed(7)
            .SetCostModel(costModel)
            .SetConstraints(constraints)
            .SetTuner((searchSpace, seed) => new EvolutionTuner(
                searchSpace, seed, new EvolutionTunerOptions { PopulationSize = 3, SampleSize = 2, IsFeasible = IsFeasible }))
            .SetTrialRunner((context, _) => Task.FromResult(TrialOutcome.FromLoss(
                space.Describe(context.Settings.Parameter!, input, LatencyTestNetworks.Outputs).Parameters % 97)))
            .SetCheckpoint(path)
            .SetMaxTrials(trials)
            .RunAsync();
    }

    /// <summary>
    /// A fake measurement that is a fixed function of the network (about half the networks fall under the limit),
    /// mirrored between the two processes so that a fresh measurement flips every feasibility decision.
    /// </summary>
    private static Func<NetworkDescription, LatencyMeasurement> Measure(HashSet<string> measured, bool flipped) => description =>
    {
        var json = description.ToJson();
        measured.Add(json);
        var unit = (uint)StableHash(json) / (double)uint.MaxValue;
        var milliseconds = flipped ? 1 - unit : unit;
        return new LatencyMeasurement(milliseconds, milliseconds, milliseconds, milliseconds, 3);
    };

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var character in text)
        {
            hash = unchecked((hash * 31) + character);
        }

        return hash;
    }

    private static string Summary(TrialResult trial) =>
        $"{trial.TrialSettings.TrialId} {trial.Status} {trial.TrialSettings.Parameter!.ToJson()} {trial.Loss} " +
        string.Join(",", trial.Costs.OrderBy(cost => cost.Key, StringComparer.Ordinal).Select(cost => $"{cost.Key}={cost.Value}"));
}
