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
