using System.Collections.Concurrent;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>
/// Each model-based tuner must beat random search on synthetic problems: median regret (best loss found minus the
/// optimum) over 20 seeds after 100 trials. The measured medians are printed to the test output.
/// </summary>
public sealed class TunerQualityTests
{
    private const int SeedCount = 20;
    private const int TrialCount = 100;
    private static readonly ConcurrentDictionary<string, Lazy<double>> RandomMedians = new();
    private readonly ITestOutputHelper _output;

    public TunerQualityTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var tuner in new[] { "CostFrugal", "Smac", "Evolution" })
        {
            foreach (var benchmark in SyntheticBenchmark.All.Keys)
            {
                cases.Add(tuner, benchmark);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MedianRegret_After100Trials_BeatsRandomSearch(string tuner, string benchmark)
    {
        var problem = SyntheticBenchmark.All[benchmark];
        var random = RandomMedians.GetOrAdd(benchmark, _ => new Lazy<double>(() => MedianRegret(problem, (s, seed) => new RandomTuner(s, seed)))).Value;

        var median = MedianRegret(problem, Factory(tuner));

        _output.WriteLine($"{benchmark}: {tuner} median regret {median:G4}, random {random:G4} ({SeedCount} seeds, {TrialCount} trials)");
        Assert.True(median < random, $"{tuner} median regret {median:G4} is not below random search's {random:G4} on {benchmark}.");
    }

    internal static double MedianRegret(SyntheticBenchmark problem, Func<SearchSpace, int, ITuner> create)
    {
        var regrets = new double[SeedCount];
        Parallel.For(0, SeedCount, seed =>
        {
            var tuner = create(problem.CreateSpace(), seed);
            regrets[seed] = TunerHarness.BestLoss(tuner, TrialCount, problem.Loss) - problem.Optimum;
        });
        return TunerHarness.Median(regrets);
    }

    private static Func<SearchSpace, int, ITuner> Factory(string tuner) => tuner switch
    {
        "CostFrugal" => (space, seed) => new CostFrugalTuner(space, seed),
        "Smac" => (space, seed) => new SmacTuner(space, seed),
        "Evolution" => (space, seed) => new EvolutionTuner(space, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(tuner), tuner, "Unknown tuner."),
    };
}
