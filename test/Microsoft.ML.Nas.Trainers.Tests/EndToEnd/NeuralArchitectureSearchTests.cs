using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Search;

namespace Microsoft.ML.Nas.Trainers.Tests.EndToEnd;

[Collection(EndToEndData.CollectionName)]
public sealed class NeuralArchitectureSearchTests
{
    [Fact]
    public async Task RunAsync_QuickFashionSearch_ReturnsATestedModelAndACompleteReport()
    {
        var progress = new List<NeuralArchitectureProgress>();
        var nas = new NasContext(seed: 1);
        var experiment = nas.Auto().NeuralArchitecture(EndToEndData.Train, new NeuralArchitectureOptions
        {
            SearchSpace = EndToEndData.SmallMobileNet(),
            RecipeSpace = EndToEndData.QuickRecipes(),
            TestData = EndToEndData.Test,
            Constraints = HardwareConstraints.MaxParameters(250_000),
        })
            .SetMaxTrials(3)
            .SetProgress(progress.Add);

        using var result = await experiment.RunAsync();

        Assert.NotNull(result.TestMetrics);
        Assert.True(result.TestMetrics!.Accuracy > 0.5, $"test accuracy {result.TestMetrics.Accuracy}");
        Assert.Equal(500, result.TestMetrics.Count);
        Assert.Equal(3, result.Search.Trials.Count);
        Assert.NotEmpty(result.Leaderboard);
        Assert.True(result.Description.Parameters <= 250_000);
        Assert.Equal(result.BestTrial.TrialSettings.TrialId, result.Leaderboard[0].TrialId);
        Assert.All(result.Leaderboard, entry => Assert.True(entry.Status is TrialStatus.Completed or TrialStatus.Pruned));
        Assert.Equal(result.Leaderboard.OrderByDescending(entry => entry.ValidationAccuracy).Select(entry => entry.TrialId), result.Leaderboard.Select(entry => entry.TrialId));
        Assert.Contains(progress, p => p.Phase == NeuralArchitecturePhase.Search && p.ValidationAccuracy is > 0);
        Assert.Contains(progress, p => p.Phase == NeuralArchitecturePhase.FinalTraining);
        Assert.Equal(3, result.FinalTrainingEpochs);
        Assert.Equal(3, progress.Count(p => p.Phase == NeuralArchitecturePhase.FinalTraining));
        Assert.True(Assert.IsType<ClassifierNode>(result.Description.Nodes[^1]).Dropout >= result.Recipe.Dropout, "the recipe's dropout reaches the head");

        var report = JsonNode.Parse(result.ToReportJson())!.AsObject();
        foreach (var field in new[] { "testAccuracy", "latencyMilliseconds", "parameters", "macs", "architecture", "trials", "leaderboard" })
        {
            Assert.True(report[field] is not null, $"report lacks {field}");
        }

        Assert.Equal(result.TestMetrics.Accuracy, report["testAccuracy"]!.GetValue<double>());
        Assert.Equal(3, report["trials"]!.GetValue<int>());
        Assert.Equal(3, report["finalTrainingEpochs"]!.GetValue<int>());
        Assert.True(report["latencyMilliseconds"]!.GetValue<double>() > 0);

        var path = Path.Combine(Path.GetTempPath(), $"nasml-e2e-{Environment.ProcessId}.nasml");
        try
        {
            result.BestModel.Save(path);
            using var loaded = NasContext.LoadModel(path);
            Assert.Equal(result.BestModel.PredictLabels(EndToEndData.Test.Images), loaded.PredictLabels(EndToEndData.Test.Images));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_ParameterLimitBelowEveryArchitecture_FailsBeforeTrainingNamingTheSmallestCost()
    {
        var space = EndToEndData.SmallMobileNet();
        var smallest = space.MinimumCosts(EndToEndData.Train.Shape, EndToEndData.Train.ClassCount).Parameters;
        var trained = false;
        var experiment = new NasContext(seed: 1).Auto().NeuralArchitecture(EndToEndData.Train, new NeuralArchitectureOptions
        {
            SearchSpace = space,
            RecipeSpace = EndToEndData.QuickRecipes(),
            Constraints = HardwareConstraints.MaxParameters(smallest / 2),
        })
            .SetMaxTrials(3)
            .SetProgress(_ => trained = true);

        var error = await Assert.ThrowsAsync<InfeasibleConstraintsException>(() => experiment.RunAsync());

        Assert.False(trained);
        Assert.Equal(CostNames.Parameters, error.CostName);
        Assert.Equal(smallest, error.SmallestValue);
        Assert.Contains(((double)smallest).ToString("G6", CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LatencyLimitBelowEveryArchitecture_FailsBeforeTrainingNamingTheSmallestLatency()
    {
        var trained = false;
        var experiment = new NasContext(seed: 1).Auto().NeuralArchitecture(EndToEndData.Train, new NeuralArchitectureOptions
        {
            SearchSpace = EndToEndData.SmallMobileNet(),
            Constraints = HardwareConstraints.MaxLatency(TimeSpan.FromTicks(1)),
        })
            .SetMaxTrials(3)
            .SetProgress(_ => trained = true);

        var error = await Assert.ThrowsAsync<InfeasibleConstraintsException>(() => experiment.RunAsync());

        Assert.False(trained);
        Assert.Equal(CostNames.LatencyMilliseconds, error.CostName);
        Assert.True(error.SmallestValue > error.MaxValue);
        Assert.Contains("smallest achievable latencyMilliseconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ImagesSmallerThanTheSpaceStride_ThrowsNamingExpectedAndFoundShapes()
    {
        var images = new IdxImages(4, 2, 2, new byte[16]);
        var data = NasImageData.FromIdx(images, [0, 1, 0, 1]);
        var experiment = new NasContext().Auto().NeuralArchitecture(data, new NeuralArchitectureOptions { SearchSpace = ArchitectureSpaces.MobileNet() })
            .SetMaxTrials(1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => experiment.RunAsync());

        Assert.Contains("at least 4×4", error.Message, StringComparison.Ordinal);
        Assert.Contains("found [1, 2, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TestImagesOfAnotherSize_ThrowsNamingBothSizes()
    {
        var test = NasImageData.FromIdx(new IdxImages(2, 14, 14, new byte[2 * 14 * 14]), [0, 1]);
        var experiment = new NasContext().Auto().NeuralArchitecture(EndToEndData.Train, new NeuralArchitectureOptions
        {
            SearchSpace = EndToEndData.SmallMobileNet(),
            TestData = test,
        }).SetMaxTrials(1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => experiment.RunAsync());

        Assert.Contains("[1, 14, 14]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 28, 28]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithoutABudget_ThrowsAskingForOne()
    {
        var experiment = new NasContext().Auto().NeuralArchitecture(EndToEndData.Train);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());

        Assert.Contains("SetTrainingTimeInSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CheckpointWithMeasuredLatencyLimit_StoresTheMeasurementsInTheCheckpointAndResumes()
    {
        var checkpoint = Path.Combine(Path.GetTempPath(), $"nasml-latency-checkpoint-{Environment.ProcessId}.sqlite");
        File.Delete(checkpoint);
        try
        {
            NeuralArchitectureExperiment Experiment(int trials) => new NasContext(seed: 4).Auto().NeuralArchitecture(EndToEndData.Train.Sample(300, seed: 4), new NeuralArchitectureOptions
            {
                SearchSpace = EndToEndData.SmallMobileNet(),
                RecipeSpace = EndToEndData.QuickRecipes(),
                Constraints = HardwareConstraints.MaxLatency(TimeSpan.FromSeconds(10)),
                MaxEpochs = 1,
            })
                .SetMaxTrials(trials)
                .SetCheckpoint(checkpoint);

            using (var first = await Experiment(2).RunAsync())
            {
                Assert.Equal(2, first.Search.Trials.Count);
            }

            int stored;
            using (var cache = new MeasuredLatencyCache(checkpoint))
            {
                stored = cache.Count;
            }

            Assert.True(stored >= 2, $"{stored} measured latencies stored for 2 trials");

            using var resumed = await Experiment(3).RunAsync();
            Assert.Equal(3, resumed.Search.Trials.Count);
            using var after = new MeasuredLatencyCache(checkpoint);
            Assert.True(after.Count >= stored);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(checkpoint + suffix);
            }
        }
    }

    [Fact]
    public void Sample_StratifiedSubset_KeepsEveryClassAndTheClassCount()
    {
        var sample = EndToEndData.Train.Sample(100, seed: 3);

        Assert.Equal(100, sample.Count);
        Assert.Equal(10, sample.ClassCount);
        Assert.Equal(10, sample.Labels.Distinct().Count());
        Assert.Equal(100 * 28 * 28, sample.Images.Pixels.Length);
    }

    [Fact]
    public void FromIdx_LabelWithoutAName_ThrowsNamingTheLabel()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            NasImageData.FromIdx(new IdxImages(2, 1, 1, [0, 0]), [0, 2], ["a", "b"]));

        Assert.Contains("Label 2", error.Message, StringComparison.Ordinal);
    }
}
