using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Nas.Constraints;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>The JSON report of a search.</summary>
public sealed partial class NeuralArchitectureResult
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Returns a JSON report: <c>task</c>; for classification <c>testAccuracy</c> and <c>testMacroF1</c> (null without a
    /// test set) and <c>validationAccuracy</c>; for regression <c>testRmse</c>, <c>testMae</c>, <c>testR2</c> and
    /// <c>validationRmse</c> (the others null); <c>latencyMilliseconds</c>, <c>parameters</c>, <c>macs</c>,
    /// <c>peakMemoryBytes</c>, <c>architecture</c> (summary), <c>bestTrialId</c>, <c>network</c> (the description),
    /// <c>recipe</c>, <c>finalTrainingEpochs</c>, <c>finalTrainingSeconds</c>, <c>trials</c> (count), <c>stopReason</c>
    /// and <c>leaderboard</c>.
    /// </summary>
    /// <returns>The report, indented.</returns>
    public string ToReportJson()
    {
        var leaderboard = new JsonArray();
        foreach (var entry in Leaderboard)
        {
            leaderboard.Add(new JsonObject
            {
                ["trialId"] = entry.TrialId,
                ["status"] = entry.Status.ToString(),
                ["architecture"] = entry.Architecture,
                ["validationAccuracy"] = Finite(entry.ValidationAccuracy),
                ["validationRmse"] = entry.ValidationRmse is { } rmse ? Finite(rmse) : null,
                ["epochs"] = entry.Epochs,
                ["parameters"] = entry.Parameters,
                ["macs"] = entry.Macs,
                ["latencyMilliseconds"] = entry.LatencyMilliseconds,
                ["durationSeconds"] = entry.DurationSeconds,
            });
        }

        var report = new JsonObject
        {
            ["task"] = Task.ToString(),
            ["testAccuracy"] = TestMetrics?.Accuracy,
            ["testMacroF1"] = TestMetrics?.MacroF1,
            ["testRmse"] = TestRegressionMetrics?.Rmse,
            ["testMae"] = TestRegressionMetrics?.Mae,
            ["testR2"] = TestRegressionMetrics?.RSquared,
            ["validationAccuracy"] = Finite(ValidationAccuracy),
            ["validationRmse"] = ValidationRmse is { } validationRmse ? Finite(validationRmse) : null,
            ["latencyMilliseconds"] = LatencyMilliseconds,
            ["parameters"] = (long)Description.Parameters,
            ["macs"] = Description.Macs,
            ["peakMemoryBytes"] = Description.PeakMemoryBytes,
            ["architecture"] = Architecture,
            ["bestTrialId"] = BestTrial.TrialSettings.TrialId,
            ["network"] = JsonNode.Parse(Description.ToJson()),
            ["recipe"] = JsonSerializer.SerializeToNode(Recipe),
            ["finalTrainingEpochs"] = FinalTrainingEpochs,
            ["finalTrainingSeconds"] = FinalTrainingTime.TotalSeconds,
            ["finalTrainingSamples"] = FinalTrainingSamples,
            ["searchTrainingSamples"] = SearchTrainingSamples,
            ["searchValidationSamples"] = SearchValidationSamples,
            ["trials"] = Search.Trials.Count,
            ["stopReason"] = Search.StopReason.ToString(),
            ["leaderboard"] = leaderboard,
        };
        return report.ToJsonString(s_indented);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Gets the best architecture's cost named <paramref name="costName"/> (see <see cref="CostNames"/>), or <see langword="null"/>.</summary>
    /// <param name="costName">The cost's name.</param>
    /// <returns>The cost, or <see langword="null"/> when not estimated.</returns>
    public double? GetCost(string costName) => Costs.TryGetValue(costName, out var value) ? value : null;
}
