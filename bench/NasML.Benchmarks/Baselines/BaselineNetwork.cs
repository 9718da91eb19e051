using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;

namespace NasML.Benchmarks.Baselines;

/// <summary>
/// A hand-designed network written with the library's layer templates (every setting fixed), so that its parameters
/// and MACs come from the same <see cref="NetworkDescription"/> as a searched network's and it trains and is timed the
/// same way.
/// </summary>
/// <param name="Name">The short name printed in tables.</param>
/// <param name="Source">Where the design comes from and how it was adapted, one line.</param>
/// <param name="Space">A composed space whose search space is empty: it holds exactly one network.</param>
internal sealed record BaselineNetwork(string Name, string Source, ComposedArchitectureSpace Space)
{
    /// <summary>Describes the network for an input shape and a number of classes.</summary>
    public NetworkDescription Describe(InputShape input, int outputs) =>
        Space.Describe(Space.SearchSpace.SampleFromFeatureSpace(Space.SearchSpace.Default), input, outputs);
}
