using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tuners;

namespace NasML.Benchmarks;

/// <summary>
/// tuner-overhead: what the engine costs per trial apart from training. For each tuner and trial count, runs a
/// <see cref="NasExperiment"/> with a trivial objective and a SQLite checkpoint in a temporary file, and reports the
/// wall time per trial split into tuner (Propose + Update), store (SaveTrial: two durable transactions per trial)
/// and the rest of the engine, plus the managed allocations per trial. Growth = ms/trial at the largest count divided
/// by ms/trial at the smallest: about 1 means constant cost per trial; about 10 (for 1,000 → 10,000) means quadratic.
/// The last line is <c>ms_per_trial W</c> with W the worst tuner's ms/trial at the largest count.
/// </summary>
internal static class TunerOverheadBenchmark
{
    private static readonly Dictionary<string, Func<SearchSpace, int, ITuner>> s_tuners = new(StringComparer.Ordinal)
    {
        ["random"] = static (space, seed) => new RandomTuner(space, seed),
        ["grid"] = static (space, seed) => new GridTuner(space, seed),
        ["cost-frugal"] = static (space, seed) => new CostFrugalTuner(space, seed),
        ["smac"] = static (space, seed) => new SmacTuner(space, seed),
        ["evolution"] = static (space, seed) => new EvolutionTuner(space, seed),
        ["nsga-ii"] = static (space, seed) => new NsgaIITuner(space, seed),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        int[] trialCounts = [1000, 10000];
        var tunerNames = s_tuners.Keys.ToList();
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--trials" when index + 1 < args.Length:
                    trialCounts = [.. args[++index].Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture))];
                    break;
                case "--tuners" when index + 1 < args.Length:
                    tunerNames = [.. args[++index].Split(',')];
                    break;
                default:
                    Console.Error.WriteLine($"tuner-overhead: unknown option '{args[index]}'. Options: --trials 1000,10000 --tuners {string.Join(',', s_tuners.Keys)}");
                    return 2;
            }
        }

        var unknown = tunerNames.Where(name => !s_tuners.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"tuner-overhead: unknown tuner(s) {string.Join(", ", unknown)}; known: {string.Join(", ", s_tuners.Keys)}");
            return 2;
        }

        Array.Sort(trialCounts);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tuner-overhead: {Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite WAL synchronous=NORMAL (TrialStoreDurability.ProcessCrash) in {Path.GetTempPath()}"));
        Console.WriteLine($"{"tuner",-12} {"trials",7} {"total s",8} {"ms/trial",9} {"tuner ms",9} {"store ms",9} {"other ms",9} {"KB alloc",9}");

        var msPerTrial = new Dictionary<(string Tuner, int Trials), double>();
        foreach (var tunerName in tunerNames)
        {
            foreach (var trials in trialCounts)
            {
                var measurement = await MeasureAsync(tunerName, s_tuners[tunerName], trials);
                msPerTrial[(tunerName, trials)] = measurement.TotalMilliseconds / trials;
                var other = measurement.TotalMilliseconds - measurement.TunerMilliseconds - measurement.StoreMilliseconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{tunerName,-12} {trials,7} {measurement.TotalMilliseconds / 1000,8:F2} {measurement.TotalMilliseconds / trials,9:F3} " +
                    $"{measurement.TunerMilliseconds / trials,9:F3} {measurement.StoreMilliseconds / trials,9:F3} {other / trials,9:F3} " +
                    $"{measurement.AllocatedBytes / 1024.0 / trials,9:F1}"));
            }
        }

        int smallest = trialCounts[0], largest = trialCounts[^1];
        if (largest > smallest)
        {
            Console.WriteLine();
            Console.WriteLine($"growth: ms/trial at {largest} trials / ms/trial at {smallest} trials (1 = constant per trial, {largest / (double)smallest:F0} = quadratic)");
            foreach (var tunerName in tunerNames)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{tunerName,-12} {msPerTrial[(tunerName, largest)] / msPerTrial[(tunerName, smallest)],6:F2}"));
            }
        }

        var worst = tunerNames.Select(name => (Name: name, Value: msPerTrial[(name, largest)])).MaxBy(pair => pair.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst at {largest} trials: {worst.Name}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ms_per_trial {worst.Value:F3}"));
        return 0;
    }

    private static SearchSpace NasLikeSpace() => new()
    {
        { "width", new ChoiceOption(16, 32, 64, 128) },
        { "depth", new UniformIntOption(1, 8) },
        { "learningRate", new UniformDoubleOption(1e-4, 1e-1, logBase: true) },
        { "squeezeExcite", new BooleanOption() },
        { "activation", new ChoiceOption("relu", "gelu", "swish") },
        { "dropout", new UniformDoubleOption(0, 0.5) },
    };

    private static async Task<Measurement> MeasureAsync(string tunerName, Func<SearchSpace, int, ITuner> factory, int trials)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nasml-tuner-overhead-{Environment.ProcessId}-{tunerName}-{trials}.sqlite");
        DeleteDatabase(path);
        TimedTuner? tuner = null;
        try
        {
            using var store = new TimedStore(new SqliteTrialStore(path));
            var experiment = new NasExperiment()
                .SetSearchSpace(NasLikeSpace())
                .SetSeed(1)
                .SetTuner((space, seed) => tuner = new TimedTuner(factory(space, seed)))
                .SetMaxTrials(trials)
                .SetTrialStore(store)
                .SetTrialRunner(static (context, token) => Task.FromResult(TrivialObjective(context.Parameter)));
            if (tunerName == "nsga-ii")
            {
                experiment.SetObjectives(Objective.Loss, Objective.Minimize("size"));
            }

            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            await experiment.RunAsync();
            stopwatch.Stop();
            return new Measurement(
                stopwatch.Elapsed.TotalMilliseconds,
                tuner!.Elapsed.TotalMilliseconds,
                store.Elapsed.TotalMilliseconds,
                GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        }
        finally
        {
            DeleteDatabase(path);
        }
    }

    private static TrialOutcome TrivialObjective(Parameter parameter)
    {
        var width = parameter["width"].AsType<int>();
        var depth = parameter["depth"].AsType<int>();
        var learningRate = parameter["learningRate"].AsType<double>();
        var loss = Math.Abs(Math.Log10(learningRate) + 2.5) + (1.0 / (width * depth)) + parameter["dropout"].AsType<double>();
        return new TrialOutcome { Loss = loss, Metrics = new Dictionary<string, double> { ["size"] = width * depth } };
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private sealed record Measurement(double TotalMilliseconds, double TunerMilliseconds, double StoreMilliseconds, long AllocatedBytes);

    /// <summary>Times Propose and Update of the tuner it wraps.</summary>
    private sealed class TimedTuner(ITuner inner) : ITuner
    {
        private readonly Stopwatch _stopwatch = new();

        public TimeSpan Elapsed => _stopwatch.Elapsed;

        public Parameter Propose(TrialSettings settings)
        {
            _stopwatch.Start();
            try
            {
                return inner.Propose(settings);
            }
            finally
            {
                _stopwatch.Stop();
            }
        }

        public void Update(TrialResult result)
        {
            _stopwatch.Start();
            try
            {
                inner.Update(result);
            }
            finally
            {
                _stopwatch.Stop();
            }
        }
    }

    /// <summary>Times SaveTrial of the store it wraps (and owns).</summary>
    private sealed class TimedStore(ITrialStore inner) : ITrialStore
    {
        private readonly Stopwatch _stopwatch = new();

        public TimeSpan Elapsed => _stopwatch.Elapsed;

        public ExperimentMetadata OpenExperiment(ExperimentMetadata metadata) => inner.OpenExperiment(metadata);

        public IReadOnlyList<TrialRecord> LoadTrials() => inner.LoadTrials();

        public void SaveTrial(TrialRecord record)
        {
            _stopwatch.Start();
            try
            {
                inner.SaveTrial(record);
            }
            finally
            {
                _stopwatch.Stop();
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
