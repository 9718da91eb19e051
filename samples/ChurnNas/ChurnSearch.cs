using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Onnx;

namespace ChurnNas;

/// <summary>The whole run: load the CSV, hold out a test set, search, retrain, test, report.</summary>
internal static class ChurnSearch
{
    private const string ShippedFile = "churn.csv";

    public static async Task<int> RunAsync(ChurnSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nas = new NasContext(settings.Seed);
        var dataFile = settings.DataFile ?? Path.Combine(AppContext.BaseDirectory, ShippedFile);
        var ignore = settings.IgnoreColumns is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : settings.DataFile is null ? ["CustomerId"] : [];
        TabularTask? task = settings.Task?.ToUpperInvariant() switch
        {
            null => null,
            "CLASSIFICATION" => TabularTask.Classification,
            "REGRESSION" => TabularTask.Regression,
            _ => null,
        };
        if (settings.Task is not null && task is null)
        {
            await Console.Error.WriteLineAsync($"--task must be classification or regression, not '{settings.Task}'.").ConfigureAwait(false);
            return 2;
        }

        Microsoft.ML.Nas.Trainers.Search.NasTabularData table;
        try
        {
            table = nas.Data.LoadCsv(dataFile, new TabularLoadOptions { LabelColumn = settings.Label, IgnoreColumns = ignore, Task = task });
        }
        catch (Exception error) when (error is InvalidDataException or FileNotFoundException or ArgumentException)
        {
            await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            return 2;
        }

        var split = nas.Data.TrainTestSplit(table, settings.TestFraction);
        var options = new NeuralArchitectureOptions { TestData = split.TestSet };
        var experiment = nas.Auto().NeuralArchitecture(split.TrainSet, options)
            .SetTrainingTimeInSeconds(settings.TimeSeconds)
            .SetMonitor(new ConsoleMonitor(table.Task))
            .SetProgress(Print);
        if (settings.MaxTrials is { } maxTrials)
        {
            experiment.SetMaxTrials(maxTrials);
        }

        var columns = table.Frame.Columns;
        Console.WriteLine(
            Invariant($"Searching MLP × training recipes for {table.Task.ToString().ToLowerInvariant()} of '{table.LabelColumn}' on {split.TrainSet.Count} rows of {Path.GetFileName(dataFile)} ") +
            Invariant($"({split.TestSet.Count} test rows held back); {columns.Count} columns ({columns.Count(c => c.Kind == TabularColumnKind.Categorical)} categorical); budget {settings.TimeSeconds} s, final training included."));
        NeuralArchitectureResult result;
        try
        {
            result = await experiment.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is InfeasibleConstraintsException or TimeoutException)
        {
            await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            return 2;
        }

        using (result)
        {
            PrintLeaderboard(result);
            Console.WriteLine(Invariant($"Best architecture: {result.Architecture}"));
            Console.WriteLine(
                Invariant($"Parameters {result.Description.Parameters:N0}, MACs {result.Description.Macs:N0}, latency {result.LatencyMilliseconds:F4} ms (batch 1, 1 thread); ") +
                Invariant($"final training {result.FinalTrainingEpochs} epochs in {result.FinalTrainingTime.TotalSeconds:F1} s"));
            if (result.TestMetrics is { } classification)
            {
                Console.WriteLine(Invariant(
                    $"Test accuracy {classification.Accuracy:F4} (macro F1 {classification.MacroF1:F4}, log-loss {classification.LogLoss:F4}) on {classification.Count} rows; total time {clock.Elapsed.TotalSeconds:F0} s"));
            }
            else if (result.TestRegressionMetrics is { } regression)
            {
                Console.WriteLine(Invariant(
                    $"Test RMSE {regression.Rmse:G5}, MAE {regression.Mae:G5}, R² {regression.RSquared:F4} on {regression.Count} rows; total time {clock.Elapsed.TotalSeconds:F0} s"));
            }

            if (settings.OutputFolder is { } folder)
            {
                Directory.CreateDirectory(folder);
                result.BestModel.Save(Path.Combine(folder, "model.nasml"));
                await File.WriteAllTextAsync(Path.Combine(folder, "report.json"), result.ToReportJson(), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(Invariant($"Wrote {Path.Combine(folder, "model.nasml")} and {Path.Combine(folder, "report.json")}"));
            }

            if (settings.OnnxFile is { } onnx)
            {
                result.BestModel.ExportOnnx(onnx);
                Console.WriteLine(Invariant($"Wrote {onnx} (input: {result.BestModel.TabularPreprocessor!.FeatureCount} features, see nasml.feature_names)"));
            }
        }

        return 0;
    }

    private static void Print(NeuralArchitectureProgress progress)
    {
        // Trials are summarized by the monitor; the final training prints every fifth epoch and its last.
        if (progress.Phase == NeuralArchitecturePhase.FinalTraining && (progress.Epoch % 5 == 0 || progress.Epoch == progress.Epochs))
        {
            Console.WriteLine(Invariant($"final training (trial {progress.TrialId})  epoch {progress.Epoch}/{progress.Epochs}  training loss {progress.TrainingLoss:F4}"));
        }
    }

    private static void PrintLeaderboard(NeuralArchitectureResult result)
    {
        var regression = result.TestRegressionMetrics is not null || result.ValidationRmse is not null;
        Console.WriteLine();
        Console.WriteLine("Leaderboard");
        Console.WriteLine(regression
            ? " trial  status     val RMSE    epochs  params     latency ms  architecture"
            : " trial  status     val acc   epochs  params     latency ms  architecture");
        foreach (var entry in result.Leaderboard)
        {
            var metric = regression ? Invariant($"{entry.ValidationRmse,10:G5}") : Invariant($"{entry.ValidationAccuracy,7:F4}");
            Console.WriteLine(Invariant(
                $" {entry.TrialId,5}  {entry.Status,-9}  {metric}  {entry.Epochs,6}  {entry.Parameters,9:N0}  {entry.LatencyMilliseconds,10:F4}  {entry.Architecture}"));
        }

        Console.WriteLine();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
