using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>A single-objective test problem: a search space, a loss on its parameters and the known optimum.</summary>
/// <param name="Name">The problem's name.</param>
/// <param name="CreateSpace">Creates a fresh search space.</param>
/// <param name="Loss">The loss of a parameter (minimised).</param>
/// <param name="Optimum">The smallest loss over the space.</param>
internal sealed record SyntheticBenchmark(string Name, Func<SearchSpace> CreateSpace, Func<Parameter, double> Loss, double Optimum)
{
    /// <summary>Gets the benchmarks by name.</summary>
    public static IReadOnlyDictionary<string, SyntheticBenchmark> All { get; } = new Dictionary<string, SyntheticBenchmark>
    {
        ["branin"] = new("branin", BraninSpace, Branin, 0.397887357729739),
        ["hartmann6"] = new("hartmann6", HartmannSpace, Hartmann6, -3.32236801141551),
        ["nas"] = new("nas", NasLandscape.CreateSpace, NasLandscape.Loss, NasLandscape.Optimum),
    };

    public override string ToString() => Name;

    private static SearchSpace BraninSpace() => new()
    {
        ["x1"] = new UniformDoubleOption(-5, 10),
        ["x2"] = new UniformDoubleOption(0, 15),
    };

    // Branin–Hoo: three global minima of 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
    private static double Branin(Parameter parameter)
    {
        var x1 = parameter["x1"].AsType<double>();
        var x2 = parameter["x2"].AsType<double>();
        const double b = 5.1 / (4 * Math.PI * Math.PI);
        const double c = 5 / Math.PI;
        const double t = 1 / (8 * Math.PI);
        var inner = x2 - (b * x1 * x1) + (c * x1) - 6;
        return (inner * inner) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }

    private static SearchSpace HartmannSpace()
    {
        var space = new SearchSpace();
        for (var i = 0; i < 6; i++)
        {
            space.Add($"x{i}", new UniformDoubleOption(0, 1));
        }

        return space;
    }

    // Hartmann-6 on [0,1]^6: global minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
    private static double Hartmann6(Parameter parameter)
    {
        double[] alpha = [1.0, 1.2, 3.0, 3.2];
        double[,] a =
        {
            { 10, 3, 17, 3.5, 1.7, 8 },
            { 0.05, 10, 17, 0.1, 8, 14 },
            { 3, 3.5, 1.7, 10, 17, 8 },
            { 17, 8, 0.05, 10, 0.1, 14 },
        };
        double[,] p =
        {
            { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
            { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
            { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
            { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
        };
        var x = Enumerable.Range(0, 6).Select(i => parameter[$"x{i}"].AsType<double>()).ToArray();
        double sum = 0;
        for (var i = 0; i < 4; i++)
        {
            double exponent = 0;
            for (var j = 0; j < 6; j++)
            {
                exponent += a[i, j] * (x[j] - p[i, j]) * (x[j] - p[i, j]);
            }

            sum += alpha[i] * Math.Exp(-exponent);
        }

        return -sum;
    }
}
