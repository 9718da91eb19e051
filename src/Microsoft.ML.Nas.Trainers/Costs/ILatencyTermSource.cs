namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// A network node whose latency a <see cref="LatencyLookupTable"/> models as a sum of several <see cref="LatencyTerm"/>s
/// (its operations) instead of one entry for the whole node; see <see cref="LatencyTerm.Of"/>.
/// </summary>
internal interface ILatencyTermSource
{
    /// <summary>Gets the terms whose entries add up to the node's latency, each repeated once per occurrence.</summary>
    IReadOnlyList<LatencyTerm> LatencyTerms { get; }
}
