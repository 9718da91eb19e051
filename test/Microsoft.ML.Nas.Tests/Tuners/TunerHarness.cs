using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>Drives tuners in tests: runs trials against an objective and checks proposals against their space.</summary>
internal static class TunerHarness
{
    /// <summary>Asserts that <paramref name="parameter"/> belongs to <paramref name="space"/>: it maps into [0,1]^d and round-trips.</summary>
    public static void AssertInside(SearchSpace space, Parameter parameter)
    {
        Assert.NotNull(parameter);
        var point = space.MappingToFeatureSpace(parameter);
        Assert.Equal(space.FeatureSpaceDimension, point.Length);
        Assert.All(point, x => Assert.InRange(x, 0.0, 1.0));
        Assert.Equal(parameter, space.SampleFromFeatureSpace(point));
        Assert.Equal(parameter, Parameter.FromJson(parameter.ToJson()));
    }

    /// <summary>Builds a result the way the experiment would record it (the parameter read back from JSON).</summary>
    public static TrialResult Result(TrialSettings settings, TrialStatus status, double loss, IReadOnlyList<double>? objectives = null) => new()
    {
        TrialSettings = new TrialSettings
        {
            TrialId = settings.TrialId,
            Fidelity = settings.Fidelity,
            Parameter = settings.Parameter is null ? null : Parameter.FromJson(settings.Parameter.ToJson()),
        },
        Status = status,
        Loss = loss,
        Objectives = objectives,
    };

    /// <summary>
    /// Runs <paramref name="trials"/> sequential trials (Propose then Update) and returns the results in order.
    /// <paramref name="evaluate"/> returns the result for each proposed trial.
    /// </summary>
    public static List<TrialResult> Run(ITuner tuner, int trials, Func<TrialSettings, TrialResult> evaluate, int firstTrialId = 0)
    {
        var results = new List<TrialResult>(trials);
        for (var id = firstTrialId; id < firstTrialId + trials; id++)
        {
            var settings = new TrialSettings { TrialId = id };
            settings.Parameter = tuner.Propose(settings);
            var result = evaluate(settings);
            tuner.Update(result);
            results.Add(result);
        }

        return results;
    }

    /// <summary>Runs <paramref name="trials"/> sequential trials of a single-objective loss and returns the best loss seen.</summary>
    public static double BestLoss(ITuner tuner, int trials, Func<Parameter, double> loss)
    {
        var best = double.PositiveInfinity;
        Run(tuner, trials, settings =>
        {
            var value = loss(settings.Parameter!);
            best = Math.Min(best, value);
            return Result(settings, TrialStatus.Completed, value);
        });
        return best;
    }

    /// <summary>Returns the median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
