namespace NasML.Benchmarks;

/// <summary>Correlations the benchmarks report between a prediction (or proxy) and a measurement.</summary>
internal static class Correlation
{
    /// <summary>Pearson's linear correlation.</summary>
    public static double Pearson(List<double> x, List<double> y)
    {
        double meanX = x.Average(), meanY = y.Average();
        double covariance = 0, varianceX = 0, varianceY = 0;
        for (var index = 0; index < x.Count; index++)
        {
            covariance += (x[index] - meanX) * (y[index] - meanY);
            varianceX += (x[index] - meanX) * (x[index] - meanX);
            varianceY += (y[index] - meanY) * (y[index] - meanY);
        }

        return covariance / Math.Sqrt(varianceX * varianceY);
    }

    /// <summary>Kendall's tau-b (ties in either variable reduce the denominator), by comparing every pair.</summary>
    public static double KendallTauB(List<double> x, List<double> y) => KendallTauB(x, y, (_, _) => true);

    /// <summary>Kendall's tau-b over the pairs (i, j) that <paramref name="include"/> accepts only.</summary>
    public static double KendallTauB(List<double> x, List<double> y, Func<int, int, bool> include)
    {
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
        for (var i = 0; i < x.Count; i++)
        {
            for (var j = i + 1; j < x.Count; j++)
            {
                var signX = Math.Sign(x[i] - x[j]);
                var signY = Math.Sign(y[i] - y[j]);
                if (!include(i, j) || (signX == 0 && signY == 0))
                {
                    continue;
                }

                if (signX == 0)
                {
                    tiesX++;
                }
                else if (signY == 0)
                {
                    tiesY++;
                }
                else if (signX == signY)
                {
                    concordant++;
                }
                else
                {
                    discordant++;
                }
            }
        }

        var denominator = Math.Sqrt((double)(concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? 0 : (concordant - discordant) / denominator;
    }

    /// <summary>Spearman's rank correlation: Pearson's correlation of the ranks (ties share their mean rank).</summary>
    public static double Spearman(List<double> x, List<double> y) => Pearson(Ranks(x), Ranks(y));

    private static List<double> Ranks(List<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(index => values[index]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = (start + end) / 2.0;
            }

            start = end + 1;
        }

        return [.. ranks];
    }
}
