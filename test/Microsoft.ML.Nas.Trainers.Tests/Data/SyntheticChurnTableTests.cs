using Microsoft.ML.Nas.Trainers.Data;
using Xunit.Abstractions;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class SyntheticChurnTableTests(ITestOutputHelper output)
{
    /// <summary>The checked-in tables: file name, rows, seed.</summary>
    public static TheoryData<string, int, int> CheckedInTables => new()
    {
        { "churn-200.csv", 200, 1 },
        { "churn-2000.csv", 2000, 2 },
    };

    [Theory]
    [MemberData(nameof(CheckedInTables))]
    public void CheckedInChurnCsv_MatchesItsGenerator(string fileName, int rows, int seed)
    {
        var generated = SyntheticChurnTable.Generate(rows, seed);
        if (Environment.GetEnvironmentVariable("NASML_REGENERATE_TESTDATA") == "1")
        {
            File.WriteAllText(Path.Combine(TabularTestFiles.SourceTestDataDirectory(), fileName), generated);
        }

        var checkedIn = File.ReadAllText(Path.Combine(TabularTestFiles.TestDataDirectory, fileName)).ReplaceLineEndings("\n");

        Assert.Equal(generated, checkedIn);
    }

    [Fact]
    public void ChurnCsv_LoadsSplitsAndPreprocessesEndToEnd()
    {
        var frame = TabularDataLoader.LoadCsv(
            Path.Combine(TabularTestFiles.TestDataDirectory, "churn-200.csv"),
            new TabularLoadOptions { LabelColumn = "Churn", IgnoreColumns = ["CustomerId"] });

        var split = frame.Split(0.2, seed: 1);
        var preprocessor = TabularPreprocessor.Fit(split.Train);
        var train = preprocessor.Transform(split.Train);
        var validation = preprocessor.Transform(split.Holdout);

        Assert.Equal((200, TabularTask.Classification), (frame.RowCount, frame.Task));
        Assert.Equal(["No", "Yes"], frame.ClassNames!);
        Assert.Equal(
            ["Gender", "SeniorCitizen", "Tenure", "Contract", "InternetService", "PaymentMethod", "MonthlyCharges", "SupportCalls", "TotalCharges"],
            frame.Columns.Select(column => column.Name));
        Assert.Equal(
            ["Gender", "Contract", "InternetService", "PaymentMethod"],
            frame.Columns.Where(column => column.Kind == TabularColumnKind.Categorical).Select(column => column.Name));
        Assert.Contains("Bank transfer, automatic", frame.Columns[5].Values);
        Assert.All(["InternetService", "SupportCalls", "TotalCharges"], name => Assert.True(Column(frame, name).MissingCount > 0, name));

        // 5 numeric + Gender 2 + Contract 3 + InternetService 3 (+ missing) + PaymentMethod 4.
        Assert.Equal(18, preprocessor.FeatureCount);
        Assert.Equal((160, 40), (train.RowCount, validation.RowCount));
        Assert.All(train.Features, value => Assert.True(float.IsFinite(value)));
        foreach (var name in new[] { "Tenure", "MonthlyCharges", "TotalCharges" })
        {
            var feature = preprocessor.Columns.Single(column => column.Name == name).FeatureOffset;
            var values = Enumerable.Range(0, train.RowCount).Select(row => (double)train.Features[(row * train.FeatureCount) + feature]).ToArray();
            Assert.Equal(0, values.Average(), 1e-5);
            Assert.InRange(Math.Sqrt(values.Select(v => v * v).Average()), 0.9, 1.0001); // imputed rows pull it below 1
        }
    }

    [Fact]
    public void LargerChurnCsv_IsLearnable_LogisticRegressionBeatsTheMajorityClass()
    {
        var frame = TabularDataLoader.LoadCsv(
            Path.Combine(TabularTestFiles.TestDataDirectory, "churn-2000.csv"),
            new TabularLoadOptions { LabelColumn = "Churn", IgnoreColumns = ["CustomerId"] });
        var split = frame.Split(0.25, seed: 3);
        var preprocessor = TabularPreprocessor.Fit(split.Train);
        var train = preprocessor.Transform(split.Train);
        var test = preprocessor.Transform(split.Holdout);

        var weights = FitLogisticRegression(train, epochs: 300, learningRate: 0.5);
        var accuracy = Accuracy(test, weights);
        var majority = Math.Max(test.ClassLabels!.Average(), 1 - test.ClassLabels!.Average());

        output.WriteLine($"churn-2000: logistic regression test accuracy {accuracy:F3}, majority class {majority:F3}");
        Assert.InRange(majority, 0.55, 0.8);
        Assert.True(accuracy > majority + 0.05, $"accuracy {accuracy:F3}, majority {majority:F3}");
    }

    private static TabularColumn Column(TabularFrame frame, string name) =>
        frame.TryGetColumn(name, out var column) ? column : throw new InvalidOperationException(name);

    /// <summary>Full-batch gradient descent on the logistic loss; the last weight is the bias.</summary>
    private static double[] FitLogisticRegression(TabularDataset data, int epochs, double learningRate)
    {
        var (features, labels, width) = (data.Features, data.ClassLabels!, data.FeatureCount);
        var weights = new double[width + 1];
        var gradient = new double[weights.Length];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            Array.Clear(gradient);
            for (var row = 0; row < data.RowCount; row++)
            {
                var error = Probability(data, row, weights) - labels[row];
                for (var f = 0; f < width; f++)
                {
                    gradient[f] += error * features[(row * width) + f];
                }

                gradient[^1] += error;
            }

            for (var w = 0; w < weights.Length; w++)
            {
                weights[w] -= learningRate * gradient[w] / data.RowCount;
            }
        }

        return weights;
    }

    private static double Accuracy(TabularDataset data, double[] weights) =>
        Enumerable.Range(0, data.RowCount).Count(row => (Probability(data, row, weights) > 0.5 ? 1 : 0) == data.ClassLabels![row]) / (double)data.RowCount;

    private static double Probability(TabularDataset data, int row, double[] weights)
    {
        var (features, width) = (data.Features, data.FeatureCount);
        var logit = weights[^1];
        for (var f = 0; f < width; f++)
        {
            logit += weights[f] * features[(row * width) + f];
        }

        return 1 / (1 + Math.Exp(-logit));
    }
}
