using System.Collections.ObjectModel;
using System.Globalization;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// A per-operator latency lookup table measured on the machine at hand: one entry per <see cref="LatencyTerm"/> key
/// (operation type, settings and input resolution; for most nodes the node's <see cref="NetworkNode.LatencyKey"/>, for a
/// NAS-Bench-201 cell each of its edge operations), plus a fitted per-forward overhead. A network's predicted latency
/// is the sum of its terms' entries plus the overhead, which costs microseconds instead of a measurement.
/// </summary>
/// <remarks>
/// <para>
/// Papers: ProxylessNAS: Direct Neural Architecture Search on Target Task and Hardware (Cai, Zhu and Han, 2019,
/// https://arxiv.org/abs/1812.00332), whose latency model is a per-operator table on the target device with the network
/// latency the sum over layers, <c>E[latency] = Σ_layers F(op_layer)</c>; Once-for-All: Train One Network and
/// Specialize it for Efficient Deployment (Cai, Gan, Wang, Zhang and Han, 2020, https://arxiv.org/abs/1908.09791),
/// whose tables key each block by its configuration and input resolution, as <see cref="NetworkNode.LatencyKey"/> does.
/// A block with many configurations made of few operations (the NAS-Bench-201 cell, 15,625 genotypes of 3 operations) is
/// split into its operations instead (<see cref="LatencyTerm.Of"/>), as ProxylessNAS keys its candidate operations.
/// </para>
/// <para>
/// Prediction: <c>latency(network) = overhead + Σ_nodes Σ_terms(node) entry(term)</c>, each entry the median (or the minimum, see
/// <see cref="LatencyTableMachine.Statistic"/>) of its timed runs. The overhead is the intercept of the whole-network
/// measurements with the slope fixed at 1, fitted by least absolute deviations:
/// <c>overhead = median_i(measured_i − Σ entries_i)</c> over <see cref="LatencyTableOptions.CalibrationNetworks"/>
/// sampled networks, clamped at 0 (an overhead cannot be negative, and a negative intercept could predict a negative
/// latency for a small network). The median rather than the least-squares mean, because a whole network runs longer
/// than a scheduler time slice and one preempted calibration run would otherwise shift every prediction. It captures what the
/// nodes' measurements leave out: the network's input check and per-layer dispatch, and the cold caches between nodes.
/// Fixing the slope at 1 keeps the prediction a plain sum, so adding a node always adds its entries.
/// </para>
/// <para>
/// A table is not live: a term whose key is missing raises a <see cref="KeyNotFoundException"/> naming the key, rather
/// than being measured in the middle of a search (where other work would distort it). Build the table for the space and
/// input shape the search uses; <see cref="MissingKeys"/> checks a network in advance.
/// </para>
/// </remarks>
public sealed partial class LatencyLookupTable
{
    private readonly ReadOnlyDictionary<string, LatencyMeasurement> _entries;

    /// <summary>Initializes a new instance of the <see cref="LatencyLookupTable"/> class from measured entries.</summary>
    /// <param name="entries">The measurement of each latency key; at least one.</param>
    /// <param name="overheadMilliseconds">The fixed per-forward overhead in milliseconds; finite and not negative.</param>
    /// <param name="machine">Where and how the entries were measured.</param>
    /// <param name="source">What the table was built for, for messages (for example <c>mobilenet [1, 28, 28] → 10</c>); may be empty.</param>
    /// <exception cref="ArgumentNullException">An argument or an entry is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no entries, a key is empty, or the overhead is out of range.</exception>
    public LatencyLookupTable(
        IReadOnlyDictionary<string, LatencyMeasurement> entries, double overheadMilliseconds, LatencyTableMachine machine, string source)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(source);
        if (entries.Count == 0)
        {
            throw new ArgumentException("A latency table needs at least one entry.", nameof(entries));
        }

        if (!double.IsFinite(overheadMilliseconds) || overheadMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(overheadMilliseconds), overheadMilliseconds, "The per-forward overhead must be finite and not negative.");
        }

        var copy = new SortedDictionary<string, LatencyMeasurement>(StringComparer.Ordinal);
        foreach (var (key, measurement) in entries)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException("A latency key is empty.", nameof(entries));
            }

            copy[key] = measurement ?? throw new ArgumentNullException(nameof(entries), $"The entry '{key}' is null.");
        }

        _entries = new ReadOnlyDictionary<string, LatencyMeasurement>(copy);
        OverheadMilliseconds = overheadMilliseconds;
        Machine = machine;
        Source = source;
    }

    /// <summary>Gets the measurement of each latency key, in ordinal key order.</summary>
    public IReadOnlyDictionary<string, LatencyMeasurement> Entries => _entries;

    /// <summary>Gets the fixed per-forward overhead in milliseconds (the fitted intercept; see remarks).</summary>
    public double OverheadMilliseconds { get; }

    /// <summary>Gets where and how the entries were measured.</summary>
    public LatencyTableMachine Machine { get; }

    /// <summary>Gets what the table was built for (space, input and outputs), for messages; may be empty.</summary>
    public string Source { get; }

    /// <summary>Lists the latency keys of a network's terms (<see cref="LatencyTerm.Of"/>) that the table lacks, each once, in node order.</summary>
    /// <param name="description">The network.</param>
    /// <returns>The missing keys; empty when <see cref="Predict"/> can answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> MissingKeys(NetworkDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return [.. description.Nodes.SelectMany(LatencyTerm.Of).Select(term => term.Key).Where(key => !_entries.ContainsKey(key)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Predicts a network's forward latency: the overhead plus the entry (its <see cref="LatencyTableMachine.Statistic"/>) of each term of each node.</summary>
    /// <param name="description">The network.</param>
    /// <returns>The predicted latency in milliseconds, at the table's batch size and thread count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">A term's latency key is not in the table; the message names the key and the node.</exception>
    public double Predict(NetworkDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var total = OverheadMilliseconds;
        for (var index = 0; index < description.Nodes.Count; index++)
        {
            foreach (var term in LatencyTerm.Of(description.Nodes[index]))
            {
                if (!_entries.TryGetValue(term.Key, out var entry))
                {
                    throw new KeyNotFoundException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The latency table{(Source.Length > 0 ? $" (built for {Source})" : string.Empty)} has no entry for '{term.Key}' " +
                        $"(node {index} of the network). Build the table for the space and input shape being searched " +
                        $"(LatencyLookupTable.Build), or measure the network with MeasuredLatencyCostModel."));
                }

                total += entry.Milliseconds(Machine.Statistic);
            }
        }

        return total;
    }
}
