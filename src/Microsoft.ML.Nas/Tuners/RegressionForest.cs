namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// A random forest of <see cref="RegressionTree"/>s on bootstrap samples; its prediction is the mean of the trees and
/// its uncertainty the variance across them, as in SMAC's surrogate.
/// </summary>
internal sealed class RegressionForest
{
    private readonly RegressionTree[] _trees;

    private RegressionForest(RegressionTree[] trees) => _trees = trees;

    /// <summary>Fits <paramref name="treeCount"/> trees, each to a bootstrap sample of the rows.</summary>
    public static RegressionForest Fit(
        IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets, int treeCount, RegressionTree.TreeSettings settings, Random random)
    {
        var trees = new RegressionTree[treeCount];
        var rows = new int[inputs.Count];
        for (var t = 0; t < treeCount; t++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = random.Next(rows.Length);
            }

            trees[t] = RegressionTree.Fit(inputs, targets, rows, settings, random);
        }

        return new RegressionForest(trees);
    }

    /// <summary>Predicts the mean and the variance across trees at <paramref name="input"/>.</summary>
    public (double Mean, double Variance) Predict(double[] input)
    {
        double sum = 0, sumOfSquares = 0;
        foreach (var tree in _trees)
        {
            var value = tree.Predict(input);
            sum += value;
            sumOfSquares += value * value;
        }

        var mean = sum / _trees.Length;
        return (mean, Math.Max(0.0, (sumOfSquares / _trees.Length) - (mean * mean)));
    }
}
