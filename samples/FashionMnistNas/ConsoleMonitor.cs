using System.Globalization;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;

namespace FashionMnistNas;

/// <summary>Prints the engine's trial events, one line each; a finished trial's line ends with the process's resident memory.</summary>
internal sealed class ConsoleMonitor : IMonitor
{
    public void ReportRunningTrial(TrialSettings settings)
    {
    }

    public void ReportCompletedTrial(TrialResult result) =>
        Write($"trial {result.TrialSettings.TrialId} completed: validation accuracy {1 - result.Loss:F4} in {result.DurationInMilliseconds / 1000:F1} s {Rss()}");

    public void ReportFailTrial(TrialResult result, Exception? exception) =>
        Write($"trial {result.TrialSettings.TrialId} failed: {result.Message ?? exception?.Message} {Rss()}");

    public void ReportRejectedTrial(TrialResult result) =>
        Write($"trial {result.TrialSettings.TrialId} rejected before training: {result.Message} {Rss()}");

    public void ReportPrunedTrial(TrialResult result) =>
        Write($"trial {result.TrialSettings.TrialId} pruned by ASHA after {result.IntermediateValues.Count} epoch(s) {Rss()}");

    public void ReportBestTrial(TrialResult result) =>
        Write($"new best: trial {result.TrialSettings.TrialId}, validation accuracy {1 - result.Loss:F4}");

    /// <summary>The resident set size, as <c>(rss 123.4 MB)</c> (the benchmark reads it).</summary>
    private static string Rss() => string.Create(CultureInfo.InvariantCulture, $"(rss {Environment.WorkingSet / (1024.0 * 1024.0):F1} MB)");

    private static void Write(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {line}"));
}
