using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Search;

/// <summary>How the time budget is shared between the search and the final training (pure arithmetic, no clock).</summary>
public sealed class FinalTrainingPlanTests
{
    [Fact]
    public void Epochs_WithoutATimeBudget_AreTheWantedEpochs()
    {
        Assert.Equal(40, FinalTrainingPlan.Epochs(40, remaining: null, secondsPerEpoch: 2));
    }

    [Fact]
    public void Epochs_WhenTheWantedEpochsFit_AreTheWantedEpochs()
    {
        Assert.Equal(10, FinalTrainingPlan.Epochs(10, TimeSpan.FromSeconds(100), secondsPerEpoch: 2));
    }

    [Fact]
    public void Epochs_WhenTheTimeLeftIsShort_AreTheWholeEpochsThatFitThePlannedShareOfIt()
    {
        // 80% of 15 s is 12 s: 6 epochs of 2 s (7 would fill 14 s, more than the share).
        Assert.Equal(6, FinalTrainingPlan.Epochs(40, TimeSpan.FromSeconds(15), secondsPerEpoch: 2));
        Assert.Equal(8, FinalTrainingPlan.Epochs(8, TimeSpan.FromSeconds(20), secondsPerEpoch: 2));
        Assert.Equal(8, FinalTrainingPlan.Epochs(9, TimeSpan.FromSeconds(20), secondsPerEpoch: 2));
    }

    [Fact]
    public void Epochs_WhenTheBudgetIsSpent_AreOne()
    {
        Assert.Equal(1, FinalTrainingPlan.Epochs(40, TimeSpan.FromSeconds(-3), secondsPerEpoch: 2));
        Assert.Equal(1, FinalTrainingPlan.Epochs(40, TimeSpan.FromSeconds(1), secondsPerEpoch: 2));
    }

    [Fact]
    public void SecondsPerEpoch_ScalesTheTrialsMeasuredEpochByTheDataSizeRatio()
    {
        var trial = Trial(new() { [TrainingResult.EpochsName] = 4, [TrainingResult.TrainingSecondsName] = 8 });

        Assert.Equal(2.5, FinalTrainingPlan.SecondsPerEpoch(trial, searchTrainingSamples: 800, finalTrainingSamples: 1000)!.Value, 12);
    }

    [Fact]
    public void SecondsPerEpoch_TrialWithoutEpochs_IsUnknown()
    {
        Assert.Null(FinalTrainingPlan.SecondsPerEpoch(Trial([]), 800, 1000));
    }

    [Theory]
    [InlineData(60_000, 128, 2_400)]
    [InlineData(10_000, 128, 1_024)]
    [InlineData(500, 128, 500)]
    public void ProbeSamples_AreATwentyFifthAtLeastEightBatchesAtMostAll(int samples, int batchSize, int expected)
    {
        Assert.Equal(expected, FinalTrainingPlan.ProbeSamples(samples, batchSize));
    }

    [Fact]
    public void SecondsPerEpoch_FromAProbe_ScalesItsTimeToAllTheSamples()
    {
        Assert.Equal(75.0, FinalTrainingPlan.SecondsPerEpoch(TimeSpan.FromSeconds(3), probeSamples: 2_400, finalTrainingSamples: 60_000)!.Value, 9);
        Assert.Null(FinalTrainingPlan.SecondsPerEpoch(TimeSpan.Zero, 2_400, 60_000));
    }

    [Fact]
    public void SearchBudget_KeepsTheFractionAndWhatPreparationSpent()
    {
        Assert.Equal(TimeSpan.FromSeconds(65), FinalTrainingPlan.SearchBudget(TimeSpan.FromSeconds(100), 0.3, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), FinalTrainingPlan.SearchBudget(TimeSpan.FromSeconds(10), 0.5, TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void WantedFinalEpochs_FinalTrainingEpochsMayExceedTheSearchsCap()
    {
        var recipe = new TrainingRecipe { Epochs = 12 };

        Assert.Equal(5, NeuralArchitectureExperiment.WantedFinalEpochs(new NeuralArchitectureOptions { MaxEpochs = 5 }, recipe));
        Assert.Equal(12, NeuralArchitectureExperiment.WantedFinalEpochs(new NeuralArchitectureOptions(), recipe));
        Assert.Equal(30, NeuralArchitectureExperiment.WantedFinalEpochs(new NeuralArchitectureOptions { MaxEpochs = 5, FinalTrainingEpochs = 30 }, recipe));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public async Task RunAsync_FinalTrainingTimeFractionOutOfRange_ThrowsNamingIt(double fraction)
    {
        var table = NasTabularData.FromFrame(TabularSearchData.Churn200);
        var experiment = new NasContext().Auto()
            .NeuralArchitecture(table, new NeuralArchitectureOptions { FinalTrainingTimeFraction = fraction })
            .SetMaxTrials(1);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => experiment.RunAsync());

        Assert.Equal(nameof(NeuralArchitectureOptions.FinalTrainingTimeFraction), error.ParamName);
    }

    private static TrialResult Trial(Dictionary<string, double> metrics) => new()
    {
        TrialSettings = new TrialSettings { TrialId = 1 },
        Status = TrialStatus.Completed,
        Metrics = metrics,
    };
}
