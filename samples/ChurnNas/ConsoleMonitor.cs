using System.Globalization;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Trainers.Data;

namespace ChurnNas;

/// <summary>Prints the engine's trial events, one line each, in the task's metric (accuracy or RMSE).</summary>
internal sealed class ConsoleMonitor(TabularTask task) : IMonitor
{
    public void ReportRunningTrial(TrialSettings settings)
    {
    }

    public void ReportCompletedTrial(TrialResult result) =>
        Write($"trial {result.TrialSettings.TrialId} completed: {Metric(result)} after {result.IntermediateValues.Count} epoch(s) in {result.DurationInMilliseconds / 1000:F1} s");

    public void ReportFailTrial(TrialResult result, Exception? exception) =>
        Write($"trial {result.TrialSettings.TrialId} failed: {result.Message ?? exception?.Message}");

    public void ReportRejectedTrial(TrialResult result) =>
        Write($"trial {result.TrialSettings.TrialId} rejected before training: {result.Message}");

    public void ReportPrunedTrial(TrialResult result) =>
        Write($"trial {result.TrialSettings.TrialId} pruned by ASHA after {result.IntermediateValues.Count} epoch(s)");

    public void ReportBestTrial(TrialResult result) =>
        Write($"new best: trial {result.TrialSettings.TrialId}, {Metric(result)}");

    private string Metric(TrialResult result) => task == TabularTask.Classification
        ? string.Create(CultureInfo.InvariantCulture, $"validation accuracy {1 - result.Loss:F4}")
        : string.Create(CultureInfo.InvariantCulture, $"validation RMSE {result.Loss:G5}");

    private static void Write(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {line}"));
}
