using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class RegressionForestTests
{
    [Fact]
    public void Predict_StepFunction_RecoversBothLevels()
    {
        var random = new Random(1);
        var inputs = Enumerable.Range(0, 60).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToList();
        var targets = inputs.Select(x => x[0] < 0.5 ? 1.0 : 3.0).ToList();

        var forest = RegressionForest.Fit(inputs, targets, 10, new RegressionTree.TreeSettings(2, 2, 1, 20), random);

        Assert.Equal(1.0, forest.Predict([0.2, 0.7]).Mean, 1);
        Assert.Equal(3.0, forest.Predict([0.8, 0.3]).Mean, 1);
    }

    [Fact]
    public void Predict_AwayFromData_IsMoreUncertainThanAtData()
    {
        var random = new Random(2);
        var inputs = Enumerable.Range(0, 40).Select(i => new[] { i < 20 ? 0.1 + (i * 0.005) : 0.9 - ((i - 20) * 0.005) }).ToList();
        var targets = inputs.Select(x => Math.Sin(6 * x[0])).ToList();

        var forest = RegressionForest.Fit(inputs, targets, 20, new RegressionTree.TreeSettings(1, 2, 1, 20), random);

        Assert.True(forest.Predict([0.5]).Variance > forest.Predict([0.15]).Variance);
    }

    [Fact]
    public void Fit_ConstantTargets_GivesASingleLeafWithZeroVariance()
    {
        var inputs = Enumerable.Range(0, 10).Select(i => new[] { i / 10.0 }).ToList();

        var forest = RegressionForest.Fit(inputs, [.. Enumerable.Repeat(2.5, 10)], 5, new RegressionTree.TreeSettings(1, 2, 1, 20), new Random(3));

        Assert.Equal((2.5, 0.0), forest.Predict([0.3]));
    }
}
