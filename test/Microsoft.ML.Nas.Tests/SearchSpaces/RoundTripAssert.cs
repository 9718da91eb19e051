using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

/// <summary>Property-based checks shared by the option tests: seeded random points, exact round trips.</summary>
internal static class RoundTripAssert
{
    /// <summary>
    /// For <paramref name="count"/> random points x: p = S(x), x' = M(p), S(x') == p, M(S(x')) == x', and every
    /// coordinate of x' lies in [0,1]. Also checks that the default point is a fixed point of M∘S.
    /// Returns the sampled parameters so callers can check their distribution.
    /// </summary>
    public static List<Parameter> FeatureToParameterToFeature(OptionBase option, int count, int seed)
    {
        var random = new Random(seed);
        var sampled = new List<Parameter>(count);
        int dimension = option.FeatureSpaceDimension;
        for (int i = 0; i < count; i++)
        {
            var x = new double[dimension];
            for (int d = 0; d < dimension; d++)
            {
                // Hit the corners now and then: they are where rounding goes wrong.
                x[d] = (i % 10) switch { 0 => 0.0, 1 => 1.0, _ => random.NextDouble() };
            }

            var parameter = option.SampleFromFeatureSpace(x);
            var mapped = option.MappingToFeatureSpace(parameter);
            Assert.Equal(dimension, mapped.Length);
            Assert.All(mapped, v => Assert.InRange(v, 0.0, 1.0));
            var again = option.SampleFromFeatureSpace(mapped);
            Assert.True(parameter.Equals(again), $"point {i}: sampled {parameter}, after the round trip {again}");
            Assert.Equal(mapped, option.MappingToFeatureSpace(again));
            sampled.Add(parameter);
        }

        var defaultPoint = option.Default;
        Assert.Equal(dimension, defaultPoint.Length);
        Assert.Equal(dimension, option.Step.Length);
        Assert.Equal(defaultPoint, option.MappingToFeatureSpace(option.SampleFromFeatureSpace(defaultPoint)));
        return sampled;
    }
}
