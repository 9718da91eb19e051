using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers.Architectures;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// The analytic hardware costs of a <see cref="NetworkDescription"/>: exact parameter count, MACs of one batch-1
/// inference, and peak float32 activation memory of one batch-1 inference (see
/// <see cref="Architectures.Nodes.NetworkNode"/> for the conventions).
/// </summary>
/// <param name="Parameters">The number of trainable parameters.</param>
/// <param name="Macs">The multiply-accumulates of one batch-1 inference.</param>
/// <param name="PeakMemoryBytes">The peak activation memory in bytes of one batch-1 float32 inference.</param>
public sealed record AnalyticCosts(long Parameters, long Macs, long PeakMemoryBytes)
{
    /// <summary>Computes the costs of a description.</summary>
    /// <param name="description">The network.</param>
    /// <returns>The costs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is <see langword="null"/>.</exception>
    public static AnalyticCosts Of(NetworkDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return new AnalyticCosts(description.Parameters, description.Macs, description.PeakMemoryBytes);
    }

    /// <summary>
    /// Returns the costs by their <see cref="CostNames"/>: <see cref="CostNames.Parameters"/>, <see cref="CostNames.Macs"/>
    /// and <see cref="CostNames.PeakMemoryBytes"/>.
    /// </summary>
    /// <returns>A new dictionary.</returns>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [CostNames.Parameters] = Parameters,
        [CostNames.Macs] = Macs,
        [CostNames.PeakMemoryBytes] = PeakMemoryBytes,
    };
}
