using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>
/// ZDT1 (Zitzler, Deb and Thiele 2000), two objectives over [0,1]^n: f₁ = x₁, g = 1 + 9·Σᵢ₌₂ xᵢ/(n − 1),
/// f₂ = g·(1 − √(f₁/g)); the Pareto front is f₂ = 1 − √f₁ (g = 1).
/// </summary>
internal static class Zdt1
{
    public static SearchSpace CreateSpace(int dimension)
    {
        var space = new SearchSpace();
        for (var i = 0; i < dimension; i++)
        {
            space.Add($"x{i}", new UniformDoubleOption(0, 1));
        }

        return space;
    }

    public static double[] Objectives(Parameter parameter, int dimension)
    {
        var x = Enumerable.Range(0, dimension).Select(i => parameter[$"x{i}"].AsType<double>()).ToArray();
        var g = 1 + (9 * x.Skip(1).Sum() / (dimension - 1));
        return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
    }
}
