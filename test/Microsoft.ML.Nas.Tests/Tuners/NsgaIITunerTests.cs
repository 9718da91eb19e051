using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Tuners;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class NsgaIITunerTests
{
    private readonly ITestOutputHelper _output;

    public NsgaIITunerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Hypervolume_OnZdt1After200Trials_BeatsRandomSearch()
    {
        const int dimension = 5;
        double[] reference = [1.1, 11];
        double MedianHypervolume(Func<int, ITuner> create)
        {
            var volumes = new double[20];
            Parallel.For(0, volumes.Length, seed =>
            {
                var points = new List<IReadOnlyList<double>>();
                TunerHarness.Run(create(seed), 200, s =>
                {
                    var objectives = Zdt1.Objectives(s.Parameter!, dimension);
                    points.Add(objectives);
                    return TunerHarness.Result(s, TrialStatus.Completed, objectives[0], objectives);
                });
                volumes[seed] = ParetoFront.Hypervolume2D(points, reference);
            });
            return TunerHarness.Median(volumes);
        }

        var nsga = MedianHypervolume(seed => new NsgaIITuner(Zdt1.CreateSpace(dimension), seed));
        var random = MedianHypervolume(seed => new RandomTuner(Zdt1.CreateSpace(dimension), seed));

        _output.WriteLine($"ZDT1 ({dimension} dims, 200 trials, 20 seeds): NSGA-II median hypervolume {nsga:G5}, random {random:G5} (reference [1.1, 11])");
        Assert.True(nsga > random, $"NSGA-II {nsga} vs random {random}");
    }

    [Fact]
    public void Update_EveryPopulationSizeResults_AdvancesOneGeneration()
    {
        var tuner = new NsgaIITuner(ConformanceSpace.Create(), seed: 1, new NsgaIITunerOptions { PopulationSize = 8 });

        TunerHarness.Run(tuner, 35, ConformanceSpace.Evaluate);

        Assert.Equal(4, tuner.Generation);
    }

    [Fact]
    public void Update_WithoutObjectives_OptimisesTheLoss()
    {
        var problem = SyntheticBenchmark.All["hartmann6"];
        var tuner = new NsgaIITuner(problem.CreateSpace(), seed: 2);

        var best = TunerHarness.BestLoss(tuner, 200, problem.Loss);

        Assert.True(best - problem.Optimum < 1.0, $"regret {best - problem.Optimum}");
    }

    [Theory]
    [InlineData(1, 0.9, null, 15.0, 20.0)]
    [InlineData(10, 1.1, null, 15.0, 20.0)]
    [InlineData(10, 0.9, 0.0, 15.0, 20.0)]
    [InlineData(10, 0.9, null, 0.0, 20.0)]
    [InlineData(10, 0.9, null, 15.0, double.PositiveInfinity)]
    public void Constructor_InvalidOptions_Throw(int population, double crossover, double? mutation, double crossoverIndex, double mutationIndex)
    {
        var options = new NsgaIITunerOptions
        {
            PopulationSize = population,
            CrossoverProbability = crossover,
            MutationProbability = mutation,
            CrossoverDistributionIndex = crossoverIndex,
            MutationDistributionIndex = mutationIndex,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new NsgaIITuner(ConformanceSpace.Create(), seed: 1, options));
    }
}
