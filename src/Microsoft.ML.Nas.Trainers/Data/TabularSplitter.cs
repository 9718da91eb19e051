using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>Seeded, class-stratified row splits.</summary>
internal static class TabularSplitter
{
    /// <summary>
    /// Splits <paramref name="rows"/> into a kept part and a held-out part of round(n·f) rows. For classification the
    /// held-out count is shared among classes by largest remainder (each class gives ⌊n_c·f⌋ or ⌈n_c·f⌉ rows; ties go
    /// to the lower class index), then each class's rows are shuffled (Fisher–Yates) and the first ones held out.
    /// </summary>
    public static (int[] Kept, int[] Holdout) Split(TabularFrame frame, int[] rows, double fraction, Random random, string parameterName)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(parameterName, fraction, "The fraction must be in (0, 1).");
        }

        var holdoutCount = (int)Math.Round(rows.Length * fraction, MidpointRounding.AwayFromZero);
        if (holdoutCount < 1 || holdoutCount > rows.Length - 1)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                fraction,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"A fraction of {fraction} of {rows.Length} rows holds out {holdoutCount}, leaving a part empty."));
        }

        var groups = frame.ClassLabelArray is { } labels
            ? rows.GroupBy(row => labels[row]).OrderBy(group => group.Key).Select(group => group.ToArray()).ToArray()
            : [rows.ToArray()];
        return SplitGroups(groups, fraction, holdoutCount, random);
    }

    /// <summary>
    /// Holds out <paramref name="holdoutCount"/> items shared among <paramref name="groups"/> by largest remainder;
    /// each group is shuffled (Fisher–Yates) in place and its first items held out. Both parts come back sorted.
    /// Also the core of <c>Training.DataSplit</c>'s holdouts.
    /// </summary>
    internal static (int[] Kept, int[] Holdout) SplitGroups(int[][] groups, double fraction, int holdoutCount, Random random)
    {
        var quotas = Apportion(groups.Select(group => group.Length).ToArray(), fraction, holdoutCount);
        var holdout = new List<int>(holdoutCount);
        var kept = new List<int>();
        for (var g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            Shuffle(group, random);
            holdout.AddRange(group.Take(quotas[g]));
            kept.AddRange(group.Skip(quotas[g]));
        }

        holdout.Sort();
        kept.Sort();
        return (kept.ToArray(), holdout.ToArray());
    }

    private static int[] Apportion(int[] sizes, double fraction, int total)
    {
        var quotas = sizes.Select(size => (int)Math.Floor(size * fraction)).ToArray();
        var remaining = total - quotas.Sum();
        var byRemainder = Enumerable.Range(0, sizes.Length)
            .Where(g => quotas[g] < sizes[g])
            .OrderByDescending(g => (sizes[g] * fraction) - quotas[g])
            .ThenBy(g => g)
            .ToArray();
        for (var i = 0; i < remaining && i < byRemainder.Length; i++)
        {
            quotas[byRemainder[i]]++;
        }

        return quotas;
    }

    private static void Shuffle(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
