using System.Globalization;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Seeded splits of training data into a training part and a validation part.</summary>
public static class DataSplit
{
    /// <summary>
    /// Holds out round(n·fraction) samples, stratified by class: every class gives ⌊n_c·fraction⌋ or ⌈n_c·fraction⌉
    /// samples (the remainder shared by largest remainder, ties to the lower class), chosen by a seeded shuffle within
    /// the class. The same labels, fraction and seed always give the same split.
    /// </summary>
    /// <param name="labels">One class index per sample; not negative.</param>
    /// <param name="fraction">The fraction to hold out, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The split; both parts are non-empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves a part empty, or a label is negative.</exception>
    public static HoldoutSplit StratifiedHoldout(ReadOnlySpan<int> labels, double fraction, int seed)
    {
        var groups = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label of sample {i} is negative.");
            }

            if (!groups.TryGetValue(labels[i], out var group))
            {
                groups[labels[i]] = group = [];
            }

            group.Add(i);
        }

        return Split(labels.Length, [.. groups.Values.Select(group => group.ToArray())], fraction, seed);
    }

    /// <summary>Holds out round(n·fraction) samples stratified by class (see <see cref="StratifiedHoldout(ReadOnlySpan{int}, double, int)"/>), for byte labels as IDX files hold them.</summary>
    /// <param name="labels">One class index per sample.</param>
    /// <param name="fraction">The fraction to hold out, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The split; both parts are non-empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves a part empty.</exception>
    public static HoldoutSplit StratifiedHoldout(ReadOnlySpan<byte> labels, double fraction, int seed)
    {
        var widened = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            widened[i] = labels[i];
        }

        return StratifiedHoldout(widened, fraction, seed);
    }

    /// <summary>Holds out round(count·fraction) samples chosen by a seeded shuffle (for regression, where there are no classes).</summary>
    /// <param name="count">The number of samples.</param>
    /// <param name="fraction">The fraction to hold out, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The split; both parts are non-empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves a part empty, or the count is negative.</exception>
    public static HoldoutSplit RandomHoldout(int count, double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Split(count, [Enumerable.Range(0, count).ToArray()], fraction, seed);
    }

    /// <summary>
    /// Shrinks a split to about <paramref name="maxSamples"/> samples for a cheaper search, stratified by class: each part
    /// keeps round(size·maxSamples/total) of its samples (so the validation fraction holds), chosen within each class as
    /// <see cref="StratifiedHoldout(ReadOnlySpan{int}, double, int)"/> chooses. A split already that small is returned as
    /// it is. The same split, labels, size and seed always give the same sample.
    /// </summary>
    /// <param name="split">The split; its indices refer to <paramref name="labels"/>.</param>
    /// <param name="maxSamples">The most samples to keep, both parts together; at least 1.</param>
    /// <param name="labels">One class index per sample of the data the split indexes; not negative.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The smaller split; each part a subset of the original part, in increasing order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="split"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSamples"/> is below 1 or leaves a part empty, or an index is outside the labels.</exception>
    public static HoldoutSplit StratifiedSample(HoldoutSplit split, int maxSamples, ReadOnlySpan<int> labels, int seed)
    {
        var all = labels.ToArray();
        return Sample(split, maxSamples, seed, (part, fraction, partSeed) => StratifiedHoldout(part.Select(index => all[index]).ToArray(), fraction, partSeed));
    }

    /// <summary>
    /// Shrinks a split to about <paramref name="maxSamples"/> samples for a cheaper search, by a seeded shuffle of each part
    /// (for regression, where there are no classes); see <see cref="StratifiedSample"/>.
    /// </summary>
    /// <param name="split">The split.</param>
    /// <param name="maxSamples">The most samples to keep, both parts together; at least 1.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The smaller split; each part a subset of the original part, in increasing order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="split"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSamples"/> is below 1 or leaves a part empty.</exception>
    public static HoldoutSplit RandomSample(HoldoutSplit split, int maxSamples, int seed) =>
        Sample(split, maxSamples, seed, (part, fraction, partSeed) => RandomHoldout(part.Count, fraction, partSeed));

    private static HoldoutSplit Sample(HoldoutSplit split, int maxSamples, int seed, Func<IReadOnlyList<int>, double, int, HoldoutSplit> holdout)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        var total = split.Train.Count + split.Validation.Count;
        if (maxSamples >= total)
        {
            return split;
        }

        var share = (double)maxSamples / total;
        return new HoldoutSplit(Keep(split.Train, "training"), Keep(split.Validation, "validation"));

        IReadOnlyList<int> Keep(IReadOnlyList<int> part, string name)
        {
            var count = (int)Math.Round(part.Count * share, MidpointRounding.AwayFromZero);
            if (count >= part.Count)
            {
                return part;
            }

            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(maxSamples),
                    maxSamples,
                    string.Create(CultureInfo.InvariantCulture, $"Keeping {maxSamples} of {total} samples leaves the {name} part ({part.Count} samples) empty."));
            }

            // The held-out part of a split of this part is the sample; its positions are increasing, so are the indices.
            var kept = holdout(part, (double)count / part.Count, seed).Validation;
            return Array.AsReadOnly(kept.Select(position => part[position]).ToArray());
        }
    }

    private static HoldoutSplit Split(int count, int[][] groups, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1).");
        }

        var holdoutCount = (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);
        if (holdoutCount < 1 || holdoutCount > count - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(fraction),
                fraction,
                string.Create(CultureInfo.InvariantCulture, $"Holding out {fraction} of {count} samples gives {holdoutCount}, leaving a part empty."));
        }

        var (train, validation) = TabularSplitter.SplitGroups(groups, fraction, holdoutCount, new Random(seed));
        return new HoldoutSplit(Array.AsReadOnly(train), Array.AsReadOnly(validation));
    }
}
