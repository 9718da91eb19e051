namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// A CART regression tree (variance-reduction splits, leaf means) for the random-forest surrogate of
/// <see cref="SmacTuner"/>; each split considers a random subset of the features.
/// </summary>
internal sealed class RegressionTree
{
    private readonly Node[] _nodes;

    private RegressionTree(Node[] nodes) => _nodes = nodes;

    /// <summary>Gets the number of nodes (internal and leaves).</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>Fits a tree to the rows <paramref name="rows"/> (indices into the data, repeats allowed).</summary>
    /// <param name="inputs">The feature vectors, all of the same length.</param>
    /// <param name="targets">The targets, finite.</param>
    /// <param name="rows">The rows to fit (for example a bootstrap sample); reordered in place.</param>
    /// <param name="settings">The growth limits.</param>
    /// <param name="random">The source of the feature subsets.</param>
    public static RegressionTree Fit(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets, int[] rows, TreeSettings settings, Random random)
    {
        var builder = new Builder(inputs, targets, rows, settings, random);
        builder.Grow(0, rows.Length, 0);
        return new RegressionTree([.. builder.Nodes]);
    }

    /// <summary>Predicts the target at <paramref name="input"/>: the mean of the leaf it falls in.</summary>
    public double Predict(double[] input)
    {
        var nodes = _nodes;
        var index = 0;
        while (true)
        {
            ref readonly var node = ref nodes[index];
            if (node.Feature < 0)
            {
                return node.Value;
            }

            // The left child always follows its parent.
            index = input[node.Feature] <= node.Value ? index + 1 : node.Right;
        }
    }

    /// <summary>The limits on a tree's growth.</summary>
    /// <param name="MaxFeatures">How many features each split considers (drawn without replacement).</param>
    /// <param name="MinSamplesSplit">The fewest rows a node needs to be split.</param>
    /// <param name="MinSamplesLeaf">The fewest rows a leaf may hold.</param>
    /// <param name="MaxDepth">The deepest a node may be (the root is at depth 0).</param>
    internal readonly record struct TreeSettings(int MaxFeatures, int MinSamplesSplit, int MinSamplesLeaf, int MaxDepth);

    // A leaf has Feature −1 and its mean in Value; an internal node splits at Value (x[Feature] <= Value goes left, to
    // the next node) and keeps its right child's index.
    private readonly record struct Node(int Feature, int Right, double Value);

    private sealed class Builder
    {
        private readonly IReadOnlyList<double[]> _inputs;
        private readonly IReadOnlyList<double> _targets;
        private readonly int[] _rows;
        private readonly TreeSettings _settings;
        private readonly Random _random;
        private readonly int[] _features;
        private readonly double[] _keys;
        private readonly int[] _sorted;

        public Builder(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets, int[] rows, TreeSettings settings, Random random)
        {
            _inputs = inputs;
            _targets = targets;
            _rows = rows;
            _settings = settings;
            _random = random;
            _features = Enumerable.Range(0, inputs.Count == 0 ? 0 : inputs[0].Length).ToArray();
            _keys = new double[rows.Length];
            _sorted = new int[rows.Length];
        }

        public List<Node> Nodes { get; } = [];

        // Grows the subtree over _rows[start, start + count) and returns its node index.
        public int Grow(int start, int count, int depth)
        {
            var node = Nodes.Count;
            double sum = 0, sumOfSquares = 0;
            for (var i = start; i < start + count; i++)
            {
                var y = _targets[_rows[i]];
                sum += y;
                sumOfSquares += y * y;
            }

            var mean = count > 0 ? sum / count : 0.0;
            Nodes.Add(new Node(-1, -1, mean));
            var spread = sumOfSquares - (sum * mean);
            if (count < _settings.MinSamplesSplit || depth >= _settings.MaxDepth || spread <= 1e-12 * Math.Max(1.0, sumOfSquares))
            {
                return node;
            }

            if (!TryFindSplit(start, count, sum, out var feature, out var threshold))
            {
                return node;
            }

            // Partition the rows: those at or below the threshold first.
            var low = start;
            var high = start + count - 1;
            while (low <= high)
            {
                if (_inputs[_rows[low]][feature] <= threshold)
                {
                    low++;
                }
                else
                {
                    (_rows[low], _rows[high]) = (_rows[high], _rows[low]);
                    high--;
                }
            }

            var leftCount = low - start;
            Grow(start, leftCount, depth + 1);
            var right = Grow(low, count - leftCount, depth + 1);
            Nodes[node] = new Node(feature, right, threshold);
            return node;
        }

        private bool TryFindSplit(int start, int count, double total, out int bestFeature, out double bestThreshold)
        {
            bestFeature = -1;
            bestThreshold = 0;
            var bestScore = total * total / count;
            var minLeaf = Math.Max(1, _settings.MinSamplesLeaf);
            var featureCount = Math.Min(_settings.MaxFeatures, _features.Length);
            for (var f = 0; f < featureCount; f++)
            {
                var j = _random.Next(f, _features.Length);
                (_features[f], _features[j]) = (_features[j], _features[f]);
                var feature = _features[f];
                for (var i = 0; i < count; i++)
                {
                    _sorted[i] = _rows[start + i];
                    _keys[i] = _inputs[_sorted[i]][feature];
                }

                Array.Sort(_keys, _sorted, 0, count);
                double leftSum = 0;
                for (var i = 0; i < count - 1; i++)
                {
                    leftSum += _targets[_sorted[i]];
                    var leftCount = i + 1;
                    if (leftCount < minLeaf || count - leftCount < minLeaf || _keys[i] == _keys[i + 1])
                    {
                        continue;
                    }

                    var rightSum = total - leftSum;
                    var score = (leftSum * leftSum / leftCount) + (rightSum * rightSum / (count - leftCount));
                    if (score > bestScore * (1 + 1e-12) + 1e-300)
                    {
                        bestScore = score;
                        bestFeature = feature;
                        bestThreshold = _keys[i] + ((_keys[i + 1] - _keys[i]) / 2);
                    }
                }
            }

            return bestFeature >= 0;
        }
    }
}
