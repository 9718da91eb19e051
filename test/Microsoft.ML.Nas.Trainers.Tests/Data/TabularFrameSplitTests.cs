using System.Text;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class TabularFrameSplitTests : IDisposable
{
    private readonly TabularTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.25, 2)]
    [InlineData(0.5, 3)]
    [InlineData(0.9, 4)]
    public void Split_Classification_KeepsClassProportionsWithinOneRowPerClass(double fraction, int seed)
    {
        var frame = ClassFrame(("a", 50), ("b", 30), ("c", 17), ("d", 3));

        var split = frame.Split(fraction, seed);

        Assert.Equal((int)Math.Round(frame.RowCount * fraction, MidpointRounding.AwayFromZero), split.Holdout.RowCount);
        for (var label = 0; label < 4; label++)
        {
            var total = frame.ClassLabels!.Count(l => l == label);
            var heldOut = split.Holdout.ClassLabels!.Count(l => l == label);
            var kept = split.Train.ClassLabels!.Count(l => l == label);
            Assert.Equal(total, heldOut + kept);
            Assert.True(Math.Abs(heldOut - (total * fraction)) < 1, $"class {label}: {heldOut} of {total} held out at fraction {fraction}");
        }
    }

    [Fact]
    public void Split_Parts_PartitionTheRowsInOriginalOrder()
    {
        var frame = ClassFrame(("a", 20), ("b", 20));

        var split = frame.Split(0.3, seed: 7);

        var trainIds = Ids(split.Train);
        var holdoutIds = Ids(split.Holdout);
        Assert.Empty(trainIds.Intersect(holdoutIds));
        Assert.Equal(Ids(frame).Order(), trainIds.Concat(holdoutIds).Order());
        Assert.Equal(trainIds.Order(), trainIds);
        Assert.Equal(split.Holdout.LineNumbers, holdoutIds.Select(id => id + 2));
        Assert.Equal(frame.ClassNames!, split.Holdout.ClassNames!);
    }

    [Fact]
    public void Split_IsSeeded_SameSeedSameSplitOtherSeedOtherSplit()
    {
        var frame = ClassFrame(("a", 40), ("b", 40));

        var first = Ids(frame.Split(0.25, seed: 11).Holdout);
        var again = Ids(frame.Split(0.25, seed: 11).Holdout);
        var other = Ids(frame.Split(0.25, seed: 12).Holdout);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Split_Regression_HoldsOutTheRoundedFraction()
    {
        var text = new StringBuilder("id,y\n");
        for (var i = 0; i < 33; i++)
        {
            text.Append(i).Append(',').Append(i + 0.5).Append('\n');
        }

        var frame = _files.Load("regression.csv", text.ToString());

        var split = frame.Split(0.2, seed: 1);

        Assert.Equal(TabularTask.Regression, frame.Task);
        Assert.Equal((26, 7), (split.Train.RowCount, split.Holdout.RowCount));
        Assert.All(split.Holdout.RegressionTargets!, target => Assert.Equal(0.5, target % 1));
    }

    [Fact]
    public void SplitThreeWays_GivesDisjointStratifiedPartsSizedFromAllRows()
    {
        var frame = ClassFrame(("a", 60), ("b", 40));

        var split = frame.SplitThreeWays(validationFraction: 0.2, testFraction: 0.1, seed: 5);

        Assert.Equal((70, 20, 10), (split.Train.RowCount, split.Validation.RowCount, split.Test.RowCount));
        Assert.Equal(100, Ids(split.Train).Concat(Ids(split.Validation)).Concat(Ids(split.Test)).Distinct().Count());
        Assert.Equal(12, split.Validation.ClassLabels!.Count(label => label == 0));
        Assert.Equal(6, split.Test.ClassLabels!.Count(label => label == 0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    [InlineData(0.001)] // rounds to no held-out row
    public void Split_BadFraction_ThrowsArgumentOutOfRange(double fraction)
    {
        var frame = ClassFrame(("a", 10), ("b", 10));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => frame.Split(fraction, seed: 1));

        Assert.Equal("holdoutFraction", error.ParamName);
    }

    [Fact]
    public void SplitThreeWays_FractionsSummingToOne_Throw()
    {
        var frame = ClassFrame(("a", 10), ("b", 10));

        Assert.Throws<ArgumentOutOfRangeException>(() => frame.SplitThreeWays(0.5, 0.5, seed: 1));
    }

    [Fact]
    public void SelectRows_IndexOutsideTheFrame_Throws()
    {
        var frame = ClassFrame(("a", 2), ("b", 2));

        Assert.Throws<ArgumentOutOfRangeException>(() => frame.SelectRows([0, 4]));
    }

    /// <summary>A frame with an <c>id</c> column (0, 1, ...) and the given class sizes, classes interleaved.</summary>
    private TabularFrame ClassFrame(params (string Name, int Count)[] classes)
    {
        var labels = classes.SelectMany(c => Enumerable.Repeat(c.Name, c.Count)).ToArray();

        // Interleave deterministically so that classes are not in blocks.
        var order = labels.Select((label, index) => (label, key: (index * 7919) % labels.Length)).OrderBy(pair => pair.key).Select(pair => pair.label);
        var text = new StringBuilder("id,y\n");
        var id = 0;
        foreach (var label in order)
        {
            text.Append(id++).Append(',').Append(label).Append('\n');
        }

        return _files.Load("classes.csv", text.ToString());
    }

    private static int[] Ids(TabularFrame frame) => frame.Columns[0].Values.Select(value => int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
