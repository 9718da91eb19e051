using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Constraints;

/// <summary>Estimates the costs of a candidate before any training (for example parameters, MACs, latency).</summary>
/// <remarks>
/// Cost names are free-form; <see cref="CostNames"/> lists the well-known ones. An estimate must be deterministic for a
/// given parameter, because a resumed experiment may estimate a candidate again.
/// </remarks>
public interface ICostModel
{
    /// <summary>Estimates the costs of <paramref name="parameter"/>.</summary>
    /// <param name="parameter">A candidate proposed by the tuner.</param>
    /// <returns>The estimated costs by name.</returns>
    IReadOnlyDictionary<string, double> Estimate(Parameter parameter);
}
