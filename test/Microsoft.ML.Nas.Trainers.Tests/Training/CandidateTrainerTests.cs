using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

[Collection(TorchTests.CollectionName)]
public sealed class CandidateTrainerTests(ITestOutputHelper output)
{
    private static readonly TrainingRecipe s_cnnRecipe = new() { Epochs = 2, BatchSize = 64, LearningRate = 0.02 };

    [Fact]
    public void Train_TinyCnnOnFashionSubset_ReachesSeventyPercentValidationAccuracyInTwoEpochs()
    {
        var (train, validation) = TrainingTestData.FashionSplit();
        using (train)
        using (validation)
        {
            var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = 3 });
            using var module = trainer.CreateModule(() => TrainingTestData.TinyCnn());
            var reports = new List<EpochReport>();

            var result = trainer.Train(module, s_cnnRecipe, train, validation, reports.Add);

            foreach (var report in result.History)
            {
                output.WriteLine($"epoch {report.Epoch}: train loss {report.TrainingLoss:F4}, validation {report.Validation!.Classification}, lr {report.LearningRate:G4}, {report.Elapsed.TotalSeconds:F1} s");
            }

            Assert.Equal(1600, train.Count);
            Assert.Equal(400, validation.Count);
            Assert.Equal(2, result.EpochsCompleted);
            Assert.Equal(result.History, reports);
            Assert.False(result.Diverged);
            Assert.True(result.History[1].TrainingLoss < result.History[0].TrainingLoss);
            Assert.True(result.FinalValidation!.Classification!.Accuracy > 0.70, $"accuracy {result.FinalValidation.Classification.Accuracy}");
            Assert.Equal(2 * 25, result.Final!.Steps);
            Assert.Equal(result.FinalValidation.Classification.LogLoss, result.Final.Objective);
            Assert.False(module.training);
        }
    }

    [Fact]
    public void Train_MlpOnSyntheticClassificationTable_LearnsTheNonLinearRule()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(1200, seed: 1));
        using var validation = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(400, seed: 2));
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = 1 });
        using var module = trainer.CreateModule(() => TrainingTestData.Mlp(4, 3));
        var recipe = TrainingRecipe.For(OptimizerKind.AdamW) with { Epochs = 30, BatchSize = 32, LearningRate = 0.01, LabelSmoothing = 0 };

        var result = trainer.Train(module, recipe, train, validation);

        var metrics = result.FinalValidation!.Classification!;
        output.WriteLine($"{metrics}");
        Assert.True(metrics.Accuracy > 0.9, $"accuracy {metrics.Accuracy}");
        Assert.True(metrics.MacroF1 > 0.85, $"macro-F1 {metrics.MacroF1}");
        Assert.True(result.History[^1].TrainingLoss < result.History[0].TrainingLoss / 2);
        Assert.Equal(metrics.Accuracy, result.ToMetrics()[ClassificationMetrics.AccuracyName]);
    }

    [Fact]
    public void Train_MlpOnSyntheticRegressionTable_ExplainsMostOfTheVarianceInTargetUnits()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.RegressionTable(1200, seed: 1));
        using var validation = TensorDataset.FromTabular(TrainingTestData.RegressionTable(400, seed: 2), train.TargetStandardization);
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = 1 });
        using var module = trainer.CreateModule(() => TrainingTestData.Mlp(3, 1, hidden: 48));
        var recipe = TrainingRecipe.For(OptimizerKind.Adam) with { Epochs = 40, BatchSize = 32, LearningRate = 0.005 };

        var result = trainer.Train(module, recipe, train, validation);

        var metrics = result.FinalValidation!.Regression!;
        output.WriteLine($"{metrics}");
        Assert.True(metrics.RSquared > 0.9, $"R² {metrics.RSquared}");
        // The targets' standard deviation is about 40: an RMSE in target units, not standardized ones.
        Assert.InRange(metrics.Rmse, 1, 15);
        Assert.Equal(metrics.Mse, result.FinalValidation.Loss, 9);
    }

    [Fact]
    public void Train_TokenCancelledMidEpoch_StopsBeforeTheNextStep()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(640, seed: 1));
        using var cancellation = new CancellationTokenSource();
        using var module = new CountingModule(TrainingTestData.Mlp(4, 3), cancelAfterTrainingCalls: 7, cancellation);
        var trainer = new CandidateTrainer();
        var epochs = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(
            module, new TrainingRecipe { Epochs = 5, BatchSize = 32 }, train, null, _ => epochs++, cancellationToken: cancellation.Token));

        // The token fired during step 7 (of 20 in the first epoch); step 8 never ran.
        Assert.Equal(7, module.TrainingCalls);
        Assert.Equal(0, epochs);
    }

    [Fact]
    public void Train_CallbackThrowsTrialPruned_PropagatesAfterTheFirstEpochWithoutLeaking()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(256, seed: 1));
        using var validation = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(64, seed: 2));
        var trainer = new CandidateTrainer();
        using var module = trainer.CreateModule(() => TrainingTestData.Mlp(4, 3));
        var tensorsBefore = TorchTests.LiveTensors;
        var reported = new List<double>();

        var exception = Assert.Throws<TrialPrunedException>(() => trainer.Train(
            module,
            new TrainingRecipe { Epochs = 10, BatchSize = 32 },
            train,
            validation,
            report =>
            {
                reported.Add(report.Objective);
                throw new TrialPrunedException($"pruned at epoch {report.Epoch}");
            }));

        Assert.Equal("pruned at epoch 1", exception.Message);
        Assert.Single(reported);
        Assert.Equal(tensorsBefore, TorchTests.LiveTensors); // the optimizer's state tensors included
    }

    [Fact]
    public void Train_MaxEpochsBelowTheRecipe_StopsAtTheCapWithTheScheduleSizedToIt()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(128, seed: 1));
        var trainer = new CandidateTrainer();
        using var module = trainer.CreateModule(() => TrainingTestData.Mlp(4, 3));

        var result = trainer.Train(module, new TrainingRecipe { Epochs = 10, BatchSize = 32 }, train, maxEpochs: 3);

        Assert.Equal(3, result.EpochsCompleted);
        Assert.All(result.History, report => Assert.Equal(3, report.Epochs));
        Assert.All(result.History, report => Assert.Null(report.Validation));
        Assert.All(result.History, report => Assert.Equal(report.TrainingLoss, report.Objective));
        // Cosine annealing to 0 over the capped run: the last step's learning rate is (almost) 0.
        Assert.True(result.Final!.LearningRate < 1e-3 * new TrainingRecipe().LearningRate);
    }

    [Fact]
    public void Train_SameSeedsOnOneThread_GiveIdenticalWeights()
    {
        var threads = TorchEngine.NumberOfThreads;
        TorchEngine.NumberOfThreads = 1;
        try
        {
            var (train, validation) = TrainingTestData.FashionSplit();
            using (train)
            using (validation)
            using (var subset = train.Subset([.. Enumerable.Range(0, 256)]))
            {
                var recipe = s_cnnRecipe with { Epochs = 1, Augmentation = ImageAugmentation.Standard, Dropout = 0.2 };
                var first = TrainSnapshot(subset, recipe, seed: 5);
                var second = TrainSnapshot(subset, recipe, seed: 5);
                var other = TrainSnapshot(subset, recipe, seed: 6);

                Assert.Equal(first.Keys, second.Keys);
                foreach (var (name, values) in first)
                {
                    Assert.Equal(values, second[name]);
                }

                Assert.Contains(first, entry => !entry.Value.SequenceEqual(other[entry.Key]));
            }
        }
        finally
        {
            TorchEngine.NumberOfThreads = threads;
        }
    }

    [Fact]
    public void Train_ThreeConsecutiveRuns_LeaveNoTensorBehind()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(200, seed: 1));
        using var validation = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(50, seed: 2));
        var tensorsBefore = TorchTests.LiveTensors;

        foreach (var optimizer in new[] { OptimizerKind.Sgd, OptimizerKind.Adam, OptimizerKind.AdamW })
        {
            var trainer = new CandidateTrainer();
            using var module = trainer.CreateModule(() => TrainingTestData.Mlp(4, 3));
            var recipe = TrainingRecipe.For(optimizer) with { Epochs = 2, BatchSize = 16, GradientClipNorm = 1, Schedule = LearningRateSchedule.OneCycle };
            trainer.Train(module, recipe, train, validation);
        }

        Assert.Equal(tensorsBefore, TorchTests.LiveTensors); // modules, optimizer state and schedules included
    }

    [Fact]
    public void Train_ModuleWithWrongNumberOfOutputs_ThrowsNamingTheExpectedShape()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(64, seed: 1));
        using var module = TrainingTestData.Mlp(4, 5);
        var tensorsBefore = TorchTests.LiveTensors;

        var exception = Assert.Throws<InvalidOperationException>(() => new CandidateTrainer().Train(module, new TrainingRecipe { Epochs = 1 }, train));

        Assert.Contains("[64, 3]", exception.Message, StringComparison.Ordinal);
        Assert.Equal(tensorsBefore, TorchTests.LiveTensors);
    }

    [Fact]
    public void Train_LearningRateFarTooHigh_StopsAsDiverged()
    {
        using var train = TensorDataset.FromTabular(TrainingTestData.RegressionTable(256, seed: 1));
        using var validation = TensorDataset.FromTabular(TrainingTestData.RegressionTable(64, seed: 2), train.TargetStandardization);
        var trainer = new CandidateTrainer();
        using var module = trainer.CreateModule(() => TrainingTestData.Mlp(3, 1));
        var recipe = new TrainingRecipe { Epochs = 20, BatchSize = 16, LearningRate = 1e6, Schedule = LearningRateSchedule.Constant, WeightDecay = 0 };

        var result = trainer.Train(module, recipe, train, validation);

        Assert.True(result.Diverged);
        Assert.True(result.EpochsCompleted < 20);
        Assert.True(double.IsNaN(result.Final!.Objective));
        Assert.All(result.ToMetrics().Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(result.EpochsCompleted, result.ToMetrics()[TrainingResult.EpochsName]);
    }

    private static Dictionary<string, float[]> TrainSnapshot(TensorDataset train, TrainingRecipe recipe, int seed)
    {
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = seed });
        using var module = trainer.CreateModule(() => TrainingTestData.TinyCnn(recipe.Dropout));
        trainer.Train(module, recipe, train);
        return TrainingTestData.Snapshot(module);
    }

    /// <summary>Wraps a module, counts its training-mode forward calls and cancels a token on the n-th.</summary>
    private sealed class CountingModule : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _inner;
        private readonly int _cancelAfter;
        private readonly CancellationTokenSource _cancellation;

        public CountingModule(nn.Module<Tensor, Tensor> inner, int cancelAfterTrainingCalls, CancellationTokenSource cancellation)
            : base(nameof(CountingModule))
        {
            _inner = inner;
            register_module("inner", inner);
            _cancelAfter = cancelAfterTrainingCalls;
            _cancellation = cancellation;
        }

        public int TrainingCalls { get; private set; }

        public override Tensor forward(Tensor input)
        {
            if (training && ++TrainingCalls == _cancelAfter)
            {
                _cancellation.Cancel();
            }

            return _inner.forward(input);
        }
    }
}
