namespace Microsoft.ML.Nas.Tuners;

/// <summary>
/// Pareto dominance helpers for multi-objective search (every objective minimised): the non-dominated set, non-dominated
/// sorting, crowding distance and the two-dimensional hypervolume.
/// </summary>
/// <remarks>
/// Definitions as in Deb, Pratap, Agarwal and Meyarivan, "A Fast and Elitist Multiobjective Genetic Algorithm:
/// NSGA-II", IEEE Transactions on Evolutionary Computation 6(2), 2002, https://doi.org/10.1109/4235.996017:
/// a dominates b when a ≤ b in every objective and a &lt; b in at least one. +∞ is allowed (worse than any finite
/// value); NaN is rejected. Equal vectors do not dominate each other, so both stay on the front.
/// </remarks>
public static class ParetoFront
{
    /// <summary>Returns whether <paramref name="first"/> Pareto-dominates <paramref name="second"/> (minimisation).</summary>
    /// <param name="first">An objective vector.</param>
    /// <param name="second">An objective vector of the same length.</param>
    /// <returns><see langword="true"/> when <paramref name="first"/> is no worse everywhere and better somewhere.</returns>
    /// <exception cref="ArgumentNullException">A vector is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ or a value is NaN.</exception>
    public static bool Dominates(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"The vectors have different lengths ({first.Count} and {second.Count}).", nameof(second));
        }

        CheckNotNaN(first, nameof(first));
        CheckNotNaN(second, nameof(second));
        return DominatesUnchecked(first, second);
    }

    /// <summary>
    /// Returns the indices of the non-dominated vectors, in ascending order. Takes O(n log n) for two objectives and
    /// O(n·f) otherwise (f: the size of the front).
    /// </summary>
    /// <param name="points">The objective vectors, all of the same length (at least 1).</param>
    /// <returns>The indices of the Pareto front.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> or one of its vectors is null.</exception>
    /// <exception cref="ArgumentException">The vectors have different or zero lengths, or a value is NaN.</exception>
    public static IReadOnlyList<int> NondominatedIndices(IReadOnlyList<IReadOnlyList<double>> points)
    {
        Check(points);
        return Front(points, [.. Enumerable.Range(0, points.Count)]);
    }

    /// <summary>Sorts the vectors into successive non-dominated fronts (front 0 is the Pareto front).</summary>
    /// <param name="points">The objective vectors, all of the same length (at least 1).</param>
    /// <returns>The fronts in order; each lists indices into <paramref name="points"/> in ascending order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> or one of its vectors is null.</exception>
    /// <exception cref="ArgumentException">The vectors have different or zero lengths, or a value is NaN.</exception>
    public static IReadOnlyList<IReadOnlyList<int>> NondominatedSort(IReadOnlyList<IReadOnlyList<double>> points)
    {
        Check(points);
        var fronts = new List<IReadOnlyList<int>>();
        var remaining = Enumerable.Range(0, points.Count).ToList();
        while (remaining.Count > 0)
        {
            var front = Front(points, remaining);
            fronts.Add(front);
            var onFront = new HashSet<int>(front);
            remaining.RemoveAll(onFront.Contains);
        }

        return fronts;
    }

    /// <summary>
    /// Computes NSGA-II's crowding distance of each vector within the set (normally one front): per objective, the
    /// extreme vectors get +∞ and the others the normalised gap between their neighbours, summed over objectives.
    /// </summary>
    /// <param name="points">The objective vectors, all of the same length (at least 1).</param>
    /// <returns>The distances, one per vector; larger means less crowded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> or one of its vectors is null.</exception>
    /// <exception cref="ArgumentException">The vectors have different or zero lengths, or a value is NaN.</exception>
    public static double[] CrowdingDistances(IReadOnlyList<IReadOnlyList<double>> points)
    {
        Check(points);
        var distances = new double[points.Count];
        if (points.Count == 0)
        {
            return distances;
        }

        var objectives = points[0].Count;
        for (var m = 0; m < objectives; m++)
        {
            var objective = m;
            var order = Enumerable.Range(0, points.Count).OrderBy(i => points[i][objective]).ThenBy(i => i).ToArray();
            distances[order[0]] = double.PositiveInfinity;
            distances[order[^1]] = double.PositiveInfinity;
            var range = points[order[^1]][m] - points[order[0]][m];
            if (!double.IsFinite(range) || range <= 0)
            {
                continue;
            }

            for (var k = 1; k < order.Length - 1; k++)
            {
                distances[order[k]] += (points[order[k + 1]][m] - points[order[k - 1]][m]) / range;
            }
        }

        return distances;
    }

    /// <summary>
    /// Computes the hypervolume (area) dominated by two-objective vectors and bounded by <paramref name="referencePoint"/>,
    /// for minimisation. Vectors not strictly better than the reference in both objectives add nothing.
    /// </summary>
    /// <param name="points">The two-objective vectors; +∞ is allowed, NaN and −∞ are not.</param>
    /// <param name="referencePoint">The reference (nadir) point: two finite values.</param>
    /// <returns>The dominated area, 0 when no vector beats the reference.</returns>
    /// <exception cref="ArgumentNullException">An argument or vector is null.</exception>
    /// <exception cref="ArgumentException">A vector does not have two values, a value is NaN or −∞, or the reference is not finite.</exception>
    public static double Hypervolume2D(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<double> referencePoint)
    {
        Check(points);
        ArgumentNullException.ThrowIfNull(referencePoint);
        if (referencePoint.Count != 2 || !double.IsFinite(referencePoint[0]) || !double.IsFinite(referencePoint[1]))
        {
            throw new ArgumentException("The reference point must have two finite values.", nameof(referencePoint));
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Count != 2)
            {
                throw new ArgumentException($"Vector {i} has {points[i].Count} values; the 2-D hypervolume needs 2.", nameof(points));
            }

            if (double.IsNegativeInfinity(points[i][0]) || double.IsNegativeInfinity(points[i][1]))
            {
                throw new ArgumentException($"Vector {i} has a value of -Infinity; its hypervolume would be infinite.", nameof(points));
            }
        }

        var (referenceX, referenceY) = (referencePoint[0], referencePoint[1]);
        var inside = points.Where(p => p[0] < referenceX && p[1] < referenceY)
            .OrderBy(p => p[0])
            .ThenBy(p => p[1]);
        double volume = 0;
        var ceiling = referenceY;
        foreach (var point in inside)
        {
            if (point[1] < ceiling)
            {
                volume += (referenceX - point[0]) * (ceiling - point[1]);
                ceiling = point[1];
            }
        }

        return volume;
    }

    // The non-dominated members of `candidates`, ascending. In lexicographic order a vector can only be dominated by
    // one before it, and (by transitivity) then by one already on the front, so each is compared with the front only.
    private static List<int> Front(IReadOnlyList<IReadOnlyList<double>> points, List<int> candidates)
    {
        var order = candidates.ToArray();
        Array.Sort(order, (a, b) => CompareLexicographically(points[a], points[b]) is var c && c != 0 ? c : a.CompareTo(b));
        var front = new List<int>();
        if (order.Length > 0 && points[order[0]].Count == 2)
        {
            // Two objectives: a vector is non-dominated when its second value beats every earlier one's, or when it
            // equals the earlier vector that holds the lowest second value.
            double bestX = 0, bestY = 0;
            foreach (var index in order)
            {
                var (x, y) = (points[index][0], points[index][1]);
                if (front.Count == 0 || y < bestY)
                {
                    (bestX, bestY) = (x, y);
                    front.Add(index);
                }
                else if (y == bestY && x == bestX)
                {
                    front.Add(index);
                }
            }
        }
        else
        {
            foreach (var index in order)
            {
                if (!front.Exists(member => DominatesUnchecked(points[member], points[index])))
                {
                    front.Add(index);
                }
            }
        }

        front.Sort();
        return front;
    }

    private static int CompareLexicographically(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static bool DominatesUnchecked(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        var strictlyBetter = false;
        for (var i = 0; i < first.Count; i++)
        {
            if (first[i] > second[i])
            {
                return false;
            }

            strictlyBetter |= first[i] < second[i];
        }

        return strictlyBetter;
    }

    private static void Check(IReadOnlyList<IReadOnlyList<double>> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is null)
            {
                throw new ArgumentNullException(nameof(points), $"Vector {i} is null.");
            }

            if (points[i].Count == 0 || points[i].Count != points[0].Count)
            {
                throw new ArgumentException(
                    $"Vector {i} has {points[i].Count} values; every vector needs the same, non-zero number ({points[0].Count} for vector 0).",
                    nameof(points));
            }

            CheckNotNaN(points[i], nameof(points));
        }
    }

    private static void CheckNotNaN(IReadOnlyList<double> vector, string parameterName)
    {
        for (var i = 0; i < vector.Count; i++)
        {
            if (double.IsNaN(vector[i]))
            {
                throw new ArgumentException($"Objective {i} is NaN.", parameterName);
            }
        }
    }
}
