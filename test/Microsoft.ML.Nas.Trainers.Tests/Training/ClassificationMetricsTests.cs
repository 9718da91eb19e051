using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

public sealed class ClassificationMetricsTests
{
    // Five samples, three classes. Predictions (arg-max): 0, 1, 0, 2, 2 for labels 0, 1, 2, 2, 1.
    private static readonly float[] s_logits =
    [
        2, 1, 0,
        0, 3, 0,
        1, 0, 0.5f,
        0, 0, 4,
        0, 0, 1,
    ];

    private static readonly int[] s_labels = [0, 1, 2, 2, 1];

    [Fact]
    public void FromLogits_SmallExample_MatchesHandComputedValues()
    {
        var metrics = ClassificationMetrics.FromLogits(s_logits, 3, s_labels);

        Assert.Equal(0.6, metrics.Accuracy, 12);
        // Class 0: TP 1, FP 1, FN 0 → 2/3; class 1: TP 1, FP 0, FN 1 → 2/3; class 2: TP 1, FP 1, FN 1 → 1/2.
        Assert.Equal(((2.0 / 3) + (2.0 / 3) + 0.5) / 3, metrics.MacroF1, 12);
        var expectedLogLoss = (
            NegativeLogSoftmax([2, 1, 0], 0)
            + NegativeLogSoftmax([0, 3, 0], 1)
            + NegativeLogSoftmax([1, 0, 0.5], 2)
            + NegativeLogSoftmax([0, 0, 4], 2)
            + NegativeLogSoftmax([0, 0, 1], 1)) / 5;
        Assert.Equal(expectedLogLoss, metrics.LogLoss, 12);
        Assert.Equal(0.654043921037464, metrics.LogLoss, 9); // the same value from Python
        Assert.Equal(5, metrics.Count);
    }

    [Fact]
    public void FromLogits_HugeLogits_StaysFinite()
    {
        var metrics = ClassificationMetrics.FromLogits([1000, -1000, -1000, 1000], 2, [1, 1]);

        Assert.Equal(0.5, metrics.Accuracy);
        Assert.Equal(1000, metrics.LogLoss, 9); // (2000 + 0) / 2
    }

    [Fact]
    public void FromLogits_ClassAbsentFromLabelsAndPredictions_IsLeftOutOfTheMacroAverage()
    {
        var withUnusedClass = new float[5 * 4];
        for (var i = 0; i < 5; i++)
        {
            s_logits.AsSpan(i * 3, 3).CopyTo(withUnusedClass.AsSpan(i * 4));
            withUnusedClass[(i * 4) + 3] = -10;
        }

        var three = ClassificationMetrics.FromLogits(s_logits, 3, s_labels);
        var four = ClassificationMetrics.FromLogits(withUnusedClass, 4, s_labels);

        Assert.Equal(three.MacroF1, four.MacroF1, 12);
        Assert.Equal(three.Accuracy, four.Accuracy);
    }

    [Fact]
    public void FromLogits_ClassPredictedButNeverTrue_CountsWithFOfZero()
    {
        // Labels only use class 0; class 1 is predicted once: F1(0) = 2·1/(2·1 + 0 + 1) = 2/3, F1(1) = 0.
        var metrics = ClassificationMetrics.FromLogits([1, 0, 0, 1], 2, [0, 0]);

        Assert.Equal((2.0 / 3) / 2, metrics.MacroF1, 12);
    }

    [Fact]
    public void FromProbabilities_SmallExample_MatchesHandComputedLogLossWithClipping()
    {
        var metrics = ClassificationMetrics.FromProbabilities([0.8f, 0.2f, 0.3f, 0.7f, 1f, 0f], 2, [0, 1, 1]);

        Assert.Equal(2.0 / 3, metrics.Accuracy, 12);
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.7) + Math.Log(1e-15)) / 3, metrics.LogLoss, 6);
    }

    [Fact]
    public void FromProbabilities_RowsNotSummingToOne_AreNormalised()
    {
        var scaled = ClassificationMetrics.FromProbabilities([4, 1, 3, 7], 2, [0, 1]);
        var normal = ClassificationMetrics.FromProbabilities([0.8f, 0.2f, 0.3f, 0.7f], 2, [0, 1]);

        Assert.Equal(normal.LogLoss, scaled.LogLoss, 6);
    }

    [Fact]
    public void ToDictionary_NamesEveryMetric()
    {
        var metrics = ClassificationMetrics.FromLogits(s_logits, 3, s_labels).ToDictionary();

        Assert.Equal([ClassificationMetrics.AccuracyName, ClassificationMetrics.MacroF1Name, ClassificationMetrics.LogLossName], metrics.Keys);
        Assert.Equal(0.6, metrics["accuracy"], 12);
    }

    [Theory]
    [InlineData(new float[] { 1, 0, 0 }, new[] { 0 })] // 3 scores for 1 sample of 2 classes
    [InlineData(new float[] { 1, 0 }, new[] { 2 })] // label outside [0, 2)
    [InlineData(new float[] { float.NaN, 0 }, new[] { 0 })] // not finite
    [InlineData(new float[0], new int[0])] // no samples
    public void FromLogits_InvalidInput_ThrowsArgumentException(float[] logits, int[] labels)
    {
        Assert.ThrowsAny<ArgumentException>(() => ClassificationMetrics.FromLogits(logits, 2, labels));
    }

    [Fact]
    public void FromProbabilities_NegativeProbability_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.FromProbabilities([-0.1f, 1.1f], 2, [0]));
    }

    private static double NegativeLogSoftmax(double[] row, int label) =>
        -Math.Log(Math.Exp(row[label]) / row.Sum(Math.Exp));
}
