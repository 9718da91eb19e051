using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Experiments;

/// <summary>Search spaces, objectives and experiment set-ups shared by the engine tests.</summary>
internal static class EngineTestKit
{
    /// <summary>A two-dimensional continuous space, x and y in [-5, 5].</summary>
    public static SearchSpace Space() => new()
    {
        { "x", new UniformDoubleOption(-5, 5) },
        { "y", new UniformDoubleOption(-5, 5) },
    };

    /// <summary>A deterministic objective: the squared distance from (1, -2).</summary>
    public static double Sphere(Parameter parameter)
    {
        var x = parameter["x"].AsType<double>();
        var y = parameter["y"].AsType<double>();
        return ((x - 1) * (x - 1)) + ((y + 2) * (y + 2));
    }

    /// <summary>An experiment with a random tuner (seed 7) on <see cref="Space"/>.</summary>
    public static NasExperiment NewExperiment(TimeProvider? timeProvider = null) =>
        new NasExperiment(timeProvider)
            .SetSearchSpace(Space())
            .SetSeed(7)
            .SetTuner(static (space, seed) => new RandomTuner(space, seed));

    /// <summary>A runner returning <see cref="Sphere"/> at once.</summary>
    public static Task<TrialOutcome> SphereRunner(TrialContext context, CancellationToken cancellationToken) =>
        Task.FromResult(TrialOutcome.FromLoss(Sphere(context.Parameter)));

    /// <summary>A fresh temporary file path (the file does not exist).</summary>
    public static string TempDatabasePath() =>
        Path.Combine(Path.GetTempPath(), "nasml-engine-tests", Guid.NewGuid().ToString("N") + ".sqlite");
}
