using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

public sealed class RegressionMetricsTests
{
    [Fact]
    public void Compute_ScikitLearnDocumentationExample_MatchesItsValues()
    {
        // y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]: MSE 0.375, MAE 0.5, R² 0.948608137...
        var metrics = RegressionMetrics.Compute([2.5f, 0f, 2f, 8f], [3f, -0.5f, 2f, 7f]);

        Assert.Equal(Math.Sqrt(0.375), metrics.Rmse, 12);
        Assert.Equal(0.375, metrics.Mse, 12);
        Assert.Equal(0.5, metrics.Mae, 12);
        // Σ(y − ŷ)² = 1.5, Σ(y − ȳ)² = 29.1875 with ȳ = 2.875.
        Assert.Equal(1 - (1.5 / 29.1875), metrics.RSquared, 12);
        Assert.Equal(0.9486081370449679, metrics.RSquared, 12);
        Assert.Equal(4, metrics.Count);
    }

    [Fact]
    public void Compute_PredictingTheMean_GivesRSquaredZero()
    {
        var metrics = RegressionMetrics.Compute([2f, 2f, 2f], [1f, 2f, 3f]);

        Assert.Equal(0, metrics.RSquared, 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), metrics.Rmse, 12);
    }

    [Fact]
    public void Compute_ConstantTargets_GivesOneWhenPerfectAndZeroOtherwise()
    {
        Assert.Equal(1, RegressionMetrics.Compute([4f, 4f], [4f, 4f]).RSquared);
        Assert.Equal(0, RegressionMetrics.Compute([4f, 5f], [4f, 4f]).RSquared);
    }

    [Fact]
    public void ToDictionary_NamesEveryMetric()
    {
        var metrics = RegressionMetrics.Compute([1f], [2f]).ToDictionary();

        Assert.Equal([RegressionMetrics.RmseName, RegressionMetrics.MaeName, RegressionMetrics.RSquaredName], metrics.Keys);
        Assert.Equal(1, metrics["mae"]);
    }

    [Fact]
    public void Compute_InvalidInput_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1f], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([], []));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([float.PositiveInfinity], [1f]));
    }
}
