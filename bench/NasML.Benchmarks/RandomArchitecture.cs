using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;

namespace NasML.Benchmarks;

/// <summary>Seeded random architectures of a space, for benchmarks that compare many of them.</summary>
internal static class RandomArchitecture
{
    /// <summary>Draws a uniform point of the space's feature space from <paramref name="random"/> and describes its network.</summary>
    public static (Parameter Parameter, NetworkDescription Description) Draw(IArchitectureSpace space, Random random, InputShape input, int outputs)
    {
        var point = Enumerable.Range(0, space.SearchSpace.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();
        var parameter = space.SearchSpace.SampleFromFeatureSpace(point);
        return (parameter, space.Describe(parameter, input, outputs));
    }
}
