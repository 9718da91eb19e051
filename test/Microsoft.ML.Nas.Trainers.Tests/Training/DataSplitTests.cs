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

    [Fact]
    public void StratifiedSample_ShrinksBothPartsInProportionAndKeepsEveryClassShare()
    {
        var shuffled = Shuffle(s_labels, seed: 4);
        var split = DataSplit.StratifiedHoldout(shuffled, 0.2, seed: 1);

        var sample = DataSplit.StratifiedSample(split, 80, shuffled, seed: 2);

        // Half of 128 training and of 32 validation samples; within each part half of every class.
        Assert.Equal(64, sample.Train.Count);
        Assert.Equal(16, sample.Validation.Count);
        Assert.Equal([40, 20, 4], Enumerable.Range(0, 3).Select(label => sample.Train.Count(i => shuffled[i] == label)));
        Assert.Equal([10, 5, 1], Enumerable.Range(0, 3).Select(label => sample.Validation.Count(i => shuffled[i] == label)));
        Assert.Subset(split.Train.ToHashSet(), sample.Train.ToHashSet());
        Assert.Subset(split.Validation.ToHashSet(), sample.Validation.ToHashSet());
        Assert.Equal(sample.Train.Order(), sample.Train);
        Assert.Equal(sample.Validation.Order(), sample.Validation);
    }

    [Fact]
    public void StratifiedSample_SameSeed_GivesTheSameSampleAndAnotherSeedAnother()
    {
        var split = DataSplit.StratifiedHoldout(s_labels, 0.2, seed: 1);

        var first = DataSplit.StratifiedSample(split, 40, s_labels, seed: 5);

        var again = DataSplit.StratifiedSample(split, 40, s_labels, seed: 5);
        Assert.Equal(first.Train, again.Train);
        Assert.Equal(first.Validation, again.Validation);
        Assert.NotEqual(first.Train, DataSplit.StratifiedSample(split, 40, s_labels, seed: 6).Train);
    }

    [Fact]
    public void Sample_NoSmallerThanTheSplit_ReturnsTheSplit()
    {
        var split = DataSplit.RandomHoldout(50, 0.2, seed: 1);

        Assert.Same(split, DataSplit.RandomSample(split, 50, seed: 1));
        Assert.Same(split, DataSplit.StratifiedSample(split, 500, new int[50], seed: 1));
    }

    [Fact]
    public void RandomSample_ShrinksBothPartsInProportion()
    {
        var split = DataSplit.RandomHoldout(1000, 0.25, seed: 3);

        var sample = DataSplit.RandomSample(split, 100, seed: 3);

        Assert.Equal(75, sample.Train.Count);
        Assert.Equal(25, sample.Validation.Count);
        Assert.Subset(split.Train.ToHashSet(), sample.Train.ToHashSet());
        Assert.Subset(split.Validation.ToHashSet(), sample.Validation.ToHashSet());
    }

    [Fact]
    public void RandomSample_SizeLeavingAPartEmpty_ThrowsNamingThePart()
    {
        var split = DataSplit.RandomHoldout(1000, 0.01, seed: 3);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.RandomSample(split, 20, seed: 3));

        Assert.Equal("maxSamples", error.ParamName);
        Assert.Contains("validation part (10 samples) empty", error.Message, StringComparison.Ordinal);
    }

    private static int[] Shuffle(int[] values, int seed)
    {
        var copy = values.ToArray();
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
