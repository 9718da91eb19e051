using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class ParetoFrontTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2.0 }, new[] { 2.0, 2.0 }, true)]
    [InlineData(new[] { 1.0, 2.0 }, new[] { 1.0, 2.0 }, false)]
    [InlineData(new[] { 1.0, 3.0 }, new[] { 2.0, 2.0 }, false)]
    [InlineData(new[] { 1.0, 2.0 }, new[] { 1.0, double.PositiveInfinity }, true)]
    public void Dominates_ComparesByParetoOrder(double[] first, double[] second, bool expected)
    {
        Assert.Equal(expected, ParetoFront.Dominates(first, second));
    }

    [Fact]
    public void NondominatedIndices_TwoObjectives_KeepsTheFrontAndDuplicates()
    {
        IReadOnlyList<double>[] points =
        [
            [1, 5], [2, 3], [3, 4], [2, 3], [4, 1], [5, 1], [0, double.PositiveInfinity], [3, 2.5],
        ];

        var front = ParetoFront.NondominatedIndices(points);

        Assert.Equal([0, 1, 3, 4, 6, 7], front);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void NondominatedIndices_RandomSets_MatchBruteForce(int objectives)
    {
        var random = new Random(objectives);
        for (var round = 0; round < 50; round++)
        {
            // Coarse values so that ties and duplicates occur.
            var points = Enumerable.Range(0, 40)
                .Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, objectives).Select(_ => (double)random.Next(8)).ToArray())
                .ToArray();

            var expected = Enumerable.Range(0, points.Length)
                .Where(i => !points.Any(q => ParetoFront.Dominates(q, points[i])))
                .ToArray();

            Assert.Equal(expected, ParetoFront.NondominatedIndices(points));
        }
    }

    [Fact]
    public void NondominatedSort_ReturnsSuccessiveFronts()
    {
        IReadOnlyList<double>[] points = [[3, 3], [1, 2], [2, 1], [2, 2], [4, 4], [1, 3]];

        var fronts = ParetoFront.NondominatedSort(points);

        Assert.Equal(4, fronts.Count);
        Assert.Equal([1, 2], fronts[0]);
        Assert.Equal([3, 5], fronts[1]);
        Assert.Equal([0], fronts[2]);
        Assert.Equal([4], fronts[3]);
    }

    [Fact]
    public void CrowdingDistances_ExtremesAreInfiniteAndInteriorIsTheNormalisedGap()
    {
        IReadOnlyList<double>[] front = [[0, 4], [1, 3], [3, 1], [4, 0]];

        var distances = ParetoFront.CrowdingDistances(front);

        Assert.True(double.IsPositiveInfinity(distances[0]));
        Assert.True(double.IsPositiveInfinity(distances[3]));
        Assert.Equal((3.0 / 4) + (3.0 / 4), distances[1], 12);
        Assert.Equal((3.0 / 4) + (3.0 / 4), distances[2], 12);
    }

    [Fact]
    public void Hypervolume2D_Staircase_IsTheUnionOfRectangles()
    {
        IReadOnlyList<double>[] points = [[1, 3], [2, 2], [3, 1], [2.5, 2.5]];

        Assert.Equal(6.0, ParetoFront.Hypervolume2D(points, [4, 4]), 12);
    }

    [Fact]
    public void Hypervolume2D_PointsNotBetterThanTheReference_AddNothing()
    {
        IReadOnlyList<double>[] points = [[5, 1], [1, 5], [double.PositiveInfinity, 0], [4, 4]];

        Assert.Equal(0.0, ParetoFront.Hypervolume2D(points, [4, 4]));
        Assert.Equal(0.0, ParetoFront.Hypervolume2D([], [4, 4]));
    }

    [Fact]
    public void Hypervolume2D_InvalidInput_ThrowsNamingTheProblem()
    {
        Assert.Throws<ArgumentException>(() => ParetoFront.Hypervolume2D([[1, double.NaN]], [4, 4]));
        Assert.Throws<ArgumentException>(() => ParetoFront.Hypervolume2D([[double.NegativeInfinity, 1]], [4, 4]));
        Assert.Throws<ArgumentException>(() => ParetoFront.Hypervolume2D([[1, 2, 3]], [4, 4, 4]));
        Assert.Throws<ArgumentException>(() => ParetoFront.Hypervolume2D([[1, 2]], [4, double.PositiveInfinity]));
        Assert.Throws<ArgumentNullException>(() => ParetoFront.Hypervolume2D(null!, [4, 4]));
    }

    [Fact]
    public void NondominatedIndices_MixedLengths_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => ParetoFront.NondominatedIndices([[1, 2], [1, 2, 3]]));

        Assert.Contains("Vector 1", exception.Message, StringComparison.Ordinal);
    }
}
