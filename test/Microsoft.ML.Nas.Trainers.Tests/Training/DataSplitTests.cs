using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

public sealed class DataSplitTests
{
    private static readonly int[] s_labels = [.. Enumerable.Repeat(0, 100), .. Enumerable.Repeat(1, 50), .. Enumerable.Repeat(2, 10)];

    [Fact]
    public void StratifiedHoldout_KeepsEveryClassProportion()
    {
        var shuffled = Shuffle(s_labels, seed: 9);

        var split = DataSplit.StratifiedHoldout(shuffled, 0.2, seed: 1);

        Assert.Equal(32, split.Validation.Count);
        Assert.Equal(128, split.Train.Count);
        Assert.Equal(20, split.Validation.Count(i => shuffled[i] == 0));
        Assert.Equal(10, split.Validation.Count(i => shuffled[i] == 1));
        Assert.Equal(2, split.Validation.Count(i => shuffled[i] == 2));
        Assert.Equal(Enumerable.Range(0, shuffled.Length), split.Train.Concat(split.Validation).Order());
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(split.Validation.Order(), split.Validation);
    }

    [Fact]
    public void StratifiedHoldout_UnevenQuotas_ShareTheRemainderByLargestRemainder()
    {
        // 7 and 5 samples at 0.25: quotas 1.75 and 1.25, 3 in all → floors 1 + 1, the extra one to class 0.
        int[] labels = [.. Enumerable.Repeat(0, 7), .. Enumerable.Repeat(1, 5)];

        var split = DataSplit.StratifiedHoldout(labels, 0.25, seed: 3);

        Assert.Equal(2, split.Validation.Count(i => labels[i] == 0));
        Assert.Equal(1, split.Validation.Count(i => labels[i] == 1));
    }

    [Fact]
    public void StratifiedHoldout_SameSeed_GivesTheSameSplitAndAnotherSeedAnother()
    {
        var first = DataSplit.StratifiedHoldout(s_labels, 0.1, seed: 4);
        var second = DataSplit.StratifiedHoldout(s_labels, 0.1, seed: 4);
        var other = DataSplit.StratifiedHoldout(s_labels, 0.1, seed: 5);

        Assert.Equal(first.Validation, second.Validation);
        Assert.NotEqual(first.Validation, other.Validation);
    }

    [Fact]
    public void StratifiedHoldout_ByteLabels_MatchIntLabels()
    {
        var bytes = s_labels.Select(label => (byte)label).ToArray();

        Assert.Equal(DataSplit.StratifiedHoldout(s_labels, 0.3, 2).Validation, DataSplit.StratifiedHoldout(bytes, 0.3, 2).Validation);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    [InlineData(0.001)] // rounds to 0 samples held out
    public void StratifiedHoldout_FractionLeavingAPartEmpty_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.StratifiedHoldout(s_labels, fraction, 1));
    }

    [Fact]
    public void StratifiedHoldout_NegativeLabel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.StratifiedHoldout([0, -1, 1], 0.5, 1));
    }

    [Fact]
    public void RandomHoldout_HoldsOutTheRoundedFractionOfDistinctSamples()
    {
        var split = DataSplit.RandomHoldout(101, 0.25, seed: 7);

        Assert.Equal(25, split.Validation.Count);
        Assert.Equal(Enumerable.Range(0, 101), split.Train.Concat(split.Validation).Order());
        Assert.NotEqual(Enumerable.Range(0, 25), split.Validation);
    }

    private static int[] Shuffle(int[] values, int seed)
    {
        var copy = values.ToArray();
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
