using System.Text.Json.Nodes;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Tests.EndToEnd;
using Microsoft.ML.Nas.Trainers.Tests.Onnx;
using Microsoft.ML.Nas.Trainers.Training;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Trainers.Tests.Search;

/// <summary><c>NeuralArchitecture(...)</c> on tables: MLP search, regression, preprocessing, time budget, export.</summary>
[Collection(EndToEndData.CollectionName)]
public sealed class TabularSearchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-tabular-search-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RunAsync_ChurnClassification_ReturnsAModelThatPredictsRawRowsAndExportsToOnnx()
    {
        var nas = new NasContext(seed: 1);
        var table = nas.Data.LoadCsv(TabularSearchData.ChurnPath("churn-2000.csv"), TabularSearchData.ChurnOptions);
        var split = nas.Data.TrainTestSplit(table, testFraction: 0.2);
        var progress = new List<NeuralArchitectureProgress>();
        var experiment = nas.Auto().NeuralArchitecture(split.TrainSet, new NeuralArchitectureOptions
        {
            SearchSpace = TabularSearchData.SmallMlp(),
            RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 8),
            TestData = split.TestSet,
        })
            .SetMaxTrials(3)
            .SetProgress(progress.Add);

        using var result = await experiment.RunAsync();

        var test = result.TestMetrics!;
        var labels = split.TestSet.Frame.ClassLabels!;
        var majority = labels.GroupBy(label => label).Max(group => group.Count()) / (double)labels.Count;
        output.WriteLine($"test accuracy {test.Accuracy:F4} (majority {majority:F4}), validation {result.ValidationAccuracy:F4}, {result.Architecture}, final epochs {result.FinalTrainingEpochs}");
        Assert.Equal(TrainingTask.Classification, result.Task);
        Assert.Equal(400, test.Count);
        Assert.True(test.Accuracy > majority + 0.03, $"test accuracy {test.Accuracy} vs majority {majority}");
        Assert.Null(result.TestRegressionMetrics);
        Assert.StartsWith("MLP", result.Architecture, StringComparison.Ordinal);
        Assert.Equal(8, result.FinalTrainingEpochs);
        Assert.Equal(result.Recipe.Dropout, Assert.IsType<ClassifierNode>(result.Description.Nodes[^1]).Dropout, 12);
        Assert.Equal(result.Leaderboard.OrderByDescending(entry => entry.ValidationAccuracy).Select(entry => entry.TrialId), result.Leaderboard.Select(entry => entry.TrialId));
        Assert.Contains(progress, p => p.Phase == NeuralArchitecturePhase.Search && p.ValidationAccuracy is > 0 && p.ValidationRmse is null);
        Assert.Contains(progress, p => p.Phase == NeuralArchitecturePhase.FinalTraining);

        // The model carries the preprocessing: raw CSV rows in, the same answers its test evaluation saw.
        var rows = TabularSearchData.RawRows(split.TestSet.Frame);
        var predicted = result.BestModel.PredictLabels(rows);
        Assert.Equal(test.Accuracy, predicted.Zip(labels).Count(pair => pair.First == pair.Second) / (double)labels.Count, 12);
        Assert.Equal(split.TestSet.ClassNames, result.BestModel.ClassNames);

        var onnxPath = Path.Combine(_directory, "churn.onnx");
        result.BestModel.ExportOnnx(onnxPath);
        var encoded = OnnxTabularInput.Encode(result.BestModel.TabularPreprocessor!, split.TestSet.Frame);
        var onnx = RunOnnx(onnxPath, encoded, [labels.Count, result.BestModel.TabularPreprocessor!.FeatureCount]);
        AssertClose(result.BestModel.PredictProbabilities(rows).SelectMany(row => row).ToArray(), onnx[OnnxExporter.ProbabilitiesName].Values);

        var report = JsonNode.Parse(result.ToReportJson())!.AsObject();
        Assert.Equal("Classification", report["task"]!.GetValue<string>());
        Assert.Equal(test.Accuracy, report["testAccuracy"]!.GetValue<double>());
        Assert.Equal(8, report["finalTrainingEpochs"]!.GetValue<int>());
        Assert.Null(report["testRmse"]);
    }

    [Fact]
    public async Task RunAsync_Regression_MinimisesValidationRmseAndReportsTestMetricsInTargetUnits()
    {
        var nas = new NasContext(seed: 2);
        var table = NasTabularData.FromFrame(TabularSearchData.Regression(1200, seed: 7));
        var split = nas.Data.TrainTestSplit(table, testFraction: 0.25);
        var progress = new List<NeuralArchitectureProgress>();
        var experiment = nas.Auto().NeuralArchitecture(split.TrainSet, new NeuralArchitectureOptions
        {
            SearchSpace = TabularSearchData.SmallMlp(),
            RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 15),
            TestData = split.TestSet,
        })
            .SetMaxTrials(3)
            .SetProgress(progress.Add);

        using var result = await experiment.RunAsync();

        var test = result.TestRegressionMetrics!;
        output.WriteLine($"test RMSE {test.Rmse:F3}, MAE {test.Mae:F3}, R² {test.RSquared:F4}; validation RMSE {result.ValidationRmse:F3}; {result.Architecture}");
        Assert.Equal(TabularTask.Regression, table.Task);
        Assert.Equal(TrainingTask.Regression, result.Task);
        Assert.Null(result.TestMetrics);
        Assert.True(double.IsNaN(result.ValidationAccuracy));
        Assert.True(test.RSquared > 0.8, $"R² {test.RSquared}");
        Assert.Equal(result.BestTrial.Loss, result.ValidationRmse!.Value, 12);
        Assert.All(result.Leaderboard, entry => Assert.NotNull(entry.ValidationRmse));
        Assert.Equal(result.Leaderboard.OrderBy(entry => entry.ValidationRmse).Select(entry => entry.TrialId), result.Leaderboard.Select(entry => entry.TrialId));
        Assert.Contains(progress, p => p.Phase == NeuralArchitecturePhase.Search && p.ValidationRmse is > 0 && p.ValidationAccuracy is null);

        // RMSE in target units, not standardized ones: recompute it from raw rows.
        var targets = split.TestSet.Frame.RegressionTargets!;
        var predictions = result.BestModel.PredictValues(TabularSearchData.RawRows(split.TestSet.Frame));
        var recomputed = RegressionMetrics.Compute(predictions, targets.Select(value => (float)value).ToArray());
        Assert.Equal(recomputed.Rmse, test.Rmse, 4);
        Assert.Equal(recomputed.Mae, test.Mae, 4);
        var standardDeviation = Math.Sqrt(targets.Select(value => value - targets.Average()).Sum(value => value * value) / targets.Count);
        Assert.True(test.Rmse < standardDeviation / 2, $"RMSE {test.Rmse} vs target standard deviation {standardDeviation}");

        var onnxPath = Path.Combine(_directory, "regression.onnx");
        result.BestModel.ExportOnnx(onnxPath);
        var encoded = OnnxTabularInput.Encode(result.BestModel.TabularPreprocessor!, split.TestSet.Frame);
        var onnx = RunOnnx(onnxPath, encoded, [targets.Count, result.BestModel.TabularPreprocessor!.FeatureCount]);
        AssertClose(predictions, onnx[OnnxExporter.ScoreName].Values);

        var report = JsonNode.Parse(result.ToReportJson())!.AsObject();
        Assert.Equal(test.Rmse, report["testRmse"]!.GetValue<double>());
        Assert.Equal(test.RSquared, report["testR2"]!.GetValue<double>());
        Assert.Null(report["testAccuracy"]);
        Assert.NotNull(report["leaderboard"]![0]!["validationRmse"]);
    }

    [Fact]
    public async Task RunAsync_Table_FitsPreprocessingAndTargetScaleOnTheTrainingSplitOnly()
    {
        var table = NasTabularData.FromFrame(TabularSearchData.Regression(300, seed: 3));
        var options = new NeuralArchitectureOptions { SearchSpace = TabularSearchData.SmallMlp(), RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 2) };
        var experiment = new NasContext(seed: 4).Auto().NeuralArchitecture(table, options).SetMaxTrials(1);

        using var result = await experiment.RunAsync();

        // The split the search made: the same seeded holdout.
        var split = DataSplit.RandomHoldout(table.Count, options.ValidationFraction, seed: 4);
        var x1 = table.Frame.Columns.Single(column => column.Name == "x1");
        var trainingMean = split.Train.Average(row => double.Parse(x1.Values[row]!, System.Globalization.CultureInfo.InvariantCulture));
        var allMean = Enumerable.Range(0, table.Count).Average(row => double.Parse(x1.Values[row]!, System.Globalization.CultureInfo.InvariantCulture));
        var fitted = result.BestModel.TabularPreprocessor!.Columns.Single(column => column.Name == "x1");
        Assert.Equal(trainingMean, fitted.Mean, 9);
        Assert.NotEqual(allMean, fitted.Mean, 9);
        var targets = table.Frame.RegressionTargets!;
        Assert.Equal(split.Train.Average(row => (float)targets[row]), result.BestModel.TargetStandardization!.Mean, 4);
    }

    [Fact]
    public async Task RunAsync_TableWithDefaultOptions_SearchesAnMlpWithTheTablesRecipeSpace()
    {
        var table = NasTabularData.FromFrame(TabularSearchData.Churn200);
        var experiment = new NasContext(seed: 1).Auto()
            .NeuralArchitecture(table, new NeuralArchitectureOptions { MaxEpochs = 2 })
            .SetMaxTrials(1);

        using var result = await experiment.RunAsync();

        Assert.StartsWith("MLP", result.Architecture, StringComparison.Ordinal);
        Assert.Null(result.Recipe.Augmentation);
        Assert.Contains(result.Recipe.BatchSize, TrainingRecipeSpace.ForTables().BatchSizes!);
        Assert.Equal(2, result.FinalTrainingEpochs);
    }

    [Fact]
    public async Task RunAsync_TinyTimeBudgetAndHugeFinalEpochs_FitsTheFinalTrainingToTheTimeLeftAndReportsIt()
    {
        const int Huge = 1_000_000;
        var table = NasTabularData.FromFrame(TabularSearchData.Churn200);
        var experiment = new NasContext(seed: 1).Auto()
            .NeuralArchitecture(table, new NeuralArchitectureOptions
            {
                SearchSpace = TabularSearchData.SmallMlp(),
                RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 2),
                FinalTrainingEpochs = Huge,
                LatencyOptions = new Trainers.Costs.MeasuredLatencyOptions { WarmupRuns = 1, MeasuredRuns = 3 },
            })
            .SetMaxTrials(2)
            .SetTrainingTimeInSeconds(6);

        using var result = await experiment.RunAsync();

        output.WriteLine($"final training: {result.FinalTrainingEpochs} epochs in {result.FinalTrainingTime.TotalSeconds:F2} s");
        Assert.InRange(result.FinalTrainingEpochs, 1, Huge - 1);
        Assert.Equal(result.FinalTrainingEpochs, JsonNode.Parse(result.ToReportJson())!["finalTrainingEpochs"]!.GetValue<int>());
        Assert.Equal(result.FinalTrainingEpochs, (int)result.BestModel.Metrics[TrainingResult.EpochsName]);
    }

    [Fact]
    public async Task RunAsync_MaxSearchSamples_TrialsSeeASampleAndTheFinalTrainingEveryRow()
    {
        var table = NasTabularData.FromFrame(TabularSearchData.Churn200);
        var experiment = new NasContext(seed: 1).Auto()
            .NeuralArchitecture(table, new NeuralArchitectureOptions
            {
                SearchSpace = TabularSearchData.SmallMlp(),
                RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 2),
                MaxSearchSamples = 100,
            })
            .SetMaxTrials(2);

        using var result = await experiment.RunAsync();

        // 200 rows at validation fraction 0.2: 160 + 40, halved in proportion.
        Assert.Equal(80, result.SearchTrainingSamples);
        Assert.Equal(20, result.SearchValidationSamples);
        Assert.Equal(200, result.FinalTrainingSamples);
        var report = JsonNode.Parse(result.ToReportJson())!;
        Assert.Equal(80, report["searchTrainingSamples"]!.GetValue<int>());
        Assert.Equal(20, report["searchValidationSamples"]!.GetValue<int>());
        Assert.Equal(200, report["finalTrainingSamples"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_WithoutMaxSearchSamples_TrialsSeeTheWholeSplit()
    {
        var experiment = new NasContext(seed: 1).Auto()
            .NeuralArchitecture(NasTabularData.FromFrame(TabularSearchData.Churn200), new NeuralArchitectureOptions
            {
                SearchSpace = TabularSearchData.SmallMlp(),
                RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 1),
            })
            .SetMaxTrials(1);

        using var result = await experiment.RunAsync();

        Assert.Equal((160, 40, 200), (result.SearchTrainingSamples, result.SearchValidationSamples, result.FinalTrainingSamples));
    }

    [Fact]
    public async Task RunAsync_MaxSearchSamplesBelowTwo_ThrowsNamingIt()
    {
        var experiment = new NasContext().Auto()
            .NeuralArchitecture(NasTabularData.FromFrame(TabularSearchData.Churn200), new NeuralArchitectureOptions { MaxSearchSamples = 1 })
            .SetMaxTrials(1);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => experiment.RunAsync());

        Assert.Equal(nameof(NeuralArchitectureOptions.MaxSearchSamples), error.ParamName);
    }

    [Fact]
    public async Task RunAsync_TimeBudgetWithRoomForEveryEpoch_ProbeChangesNothingButTheEpochPlan()
    {
        // With a time budget the final training is preceded by a probe on a throwaway copy of the winner; the final
        // module is seeded afresh, so a run with a generous budget gives the very model of a run without one.
        NeuralArchitectureExperiment Experiment() => new NasContext(seed: 3).Auto()
            .NeuralArchitecture(NasTabularData.FromFrame(TabularSearchData.Churn200), new NeuralArchitectureOptions
            {
                SearchSpace = TabularSearchData.SmallMlp(),
                RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 2),
                FinalTrainingEpochs = 3,
                EarlyStopping = false,
            })
            .SetMaxTrials(1);

        using var untimed = await Experiment().RunAsync();
        using var timed = await Experiment().SetTrainingTimeInSeconds(3600).RunAsync();

        var rows = TabularSearchData.RawRows(TabularSearchData.Churn200);
        Assert.Equal(3, timed.FinalTrainingEpochs);
        Assert.Equal(untimed.BestModel.Metrics[TrainingResult.TrainingLossName], timed.BestModel.Metrics[TrainingResult.TrainingLossName]);
        Assert.Equal(untimed.BestModel.PredictProbabilities(rows), timed.BestModel.PredictProbabilities(rows));
    }

    [Fact]
    public async Task RunAsync_SearchShareTooSmallForATrial_ThrowsExplainingTheShare()
    {
        var experiment = new NasContext(seed: 1).Auto()
            .NeuralArchitecture(NasTabularData.FromFrame(TabularSearchData.Churn200), new NeuralArchitectureOptions
            {
                SearchSpace = TabularSearchData.SmallMlp(),
                RecipeSpace = TabularSearchData.QuickTableRecipes(epochs: 2),
                FinalTrainingTimeFraction = 0.9999,
            })
            .SetTrainingTimeInSeconds(1);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => experiment.RunAsync());

        Assert.Contains("FinalTrainingTimeFraction = 0.9999", error.Message, StringComparison.Ordinal);
        Assert.Contains("SetTrainingTimeInSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TableWithImageTestData_ThrowsNamingBothKinds()
    {
        var test = NasImageData.FromIdx(new IdxImages(2, 4, 4, new byte[32]), [0, 1]);
        var experiment = new NasContext().Auto()
            .NeuralArchitecture(NasTabularData.FromFrame(TabularSearchData.Churn200), new NeuralArchitectureOptions { TestData = test })
            .SetMaxTrials(1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => experiment.RunAsync());

        Assert.Contains("images", error.Message, StringComparison.Ordinal);
        Assert.Contains("a table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TestTableWithoutATrainingColumn_ThrowsNamingTheColumn()
    {
        var nas = new NasContext();
        var train = NasTabularData.FromFrame(TabularSearchData.Churn200);
        var path = Path.Combine(_directory, "test.csv");
        await File.WriteAllTextAsync(path, "Tenure,Churn\n3,Yes\n40,No\n");
        var test = nas.Data.LoadCsv(path, "Churn");
        var experiment = nas.Auto().NeuralArchitecture(train, new NeuralArchitectureOptions { TestData = test }).SetMaxTrials(1);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => experiment.RunAsync());

        Assert.Contains("test.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gender", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_TextInADeclaredNumericColumn_NamesTheFileTheLineAndTheColumn()
    {
        var path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "Tenure,Churn\n3,Yes\nten,No\n");

        var error = Assert.Throws<InvalidDataException>(() => new NasContext().Data.LoadCsv(path, new TabularLoadOptions
        {
            LabelColumn = "Churn",
            ColumnKinds = new Dictionary<string, TabularColumnKind> { ["Tenure"] = TabularColumnKind.Numeric },
        }));

        Assert.Contains("bad.csv' line 3, column 'Tenure'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_MissingLabelColumn_NamesTheColumnsThatExist()
    {
        var error = Assert.Throws<InvalidDataException>(() => new NasContext().Data.LoadCsv(TabularSearchData.ChurnPath("churn-200.csv"), "churn"));

        Assert.Contains("Did you mean 'Churn'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_DeclaredRegression_ReadsAnIntegerLabelAsTargets()
    {
        var path = Path.Combine(_directory, "counts.csv");
        File.WriteAllText(path, "x,count\n1,0\n2,1\n3,0\n4,2\n");

        var table = new NasContext().Data.LoadCsv(path, "count", TabularTask.Regression);

        Assert.Equal(TabularTask.Regression, table.Task);
        Assert.Null(table.ClassNames);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void TrainTestSplit_SameSeed_GivesTheSameStratifiedParts()
    {
        var nas = new NasContext(seed: 9);
        var table = NasTabularData.FromFrame(TabularSearchData.Churn200);

        var first = nas.Data.TrainTestSplit(table, 0.25);
        var second = nas.Data.TrainTestSplit(table, 0.25, seed: 9);

        Assert.Equal(50, first.TestSet.Count);
        Assert.Equal(150, first.TrainSet.Count);
        Assert.Equal(first.TestSet.Frame.LineNumbers, second.TestSet.Frame.LineNumbers);
        var yesShare = table.Frame.ClassLabels!.Count(label => label == 1) / 200.0;
        Assert.InRange(first.TestSet.Frame.ClassLabels!.Count(label => label == 1), (int)Math.Floor(50 * yesShare), (int)Math.Ceiling(50 * yesShare));
    }

    private IReadOnlyDictionary<string, OnnxRunOutput> RunOnnx(string path, float[] input, long[] dimensions)
    {
        var result = OnnxRuntimeRunner.Run([new OnnxRunCase("case", path, input, dimensions)], _directory)["case"];
        Assert.Null(result.Error);
        return result.Outputs;
    }

    private void AssertClose(float[] expected, float[] actual)
    {
        var difference = OnnxVerifier.MaxAbsoluteDifference(expected, actual);
        output.WriteLine($"max |ONNX Runtime − NasModel| = {difference:E2}");
        Assert.True(difference <= OnnxVerifier.Tolerance, $"max |ONNX Runtime − NasModel| = {difference}");
    }
}
