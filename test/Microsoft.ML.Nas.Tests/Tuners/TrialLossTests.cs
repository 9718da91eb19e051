using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class TrialLossTests
{
    private static readonly TrialSettings Settings = new() { TrialId = 0 };

    [Theory]
    [InlineData(TrialStatus.Completed, 0.25, 0.25)]
    [InlineData(TrialStatus.Pruned, 0.75, 0.75)]
    [InlineData(TrialStatus.Failed, 0.25, double.PositiveInfinity)]
    [InlineData(TrialStatus.Rejected, 0.25, double.PositiveInfinity)]
    [InlineData(TrialStatus.Running, 0.25, double.PositiveInfinity)]
    [InlineData(TrialStatus.Completed, double.NaN, double.PositiveInfinity)]
    [InlineData(TrialStatus.Completed, double.NegativeInfinity, double.PositiveInfinity)]
    public void LossOf_TreatsEveryUnusableOutcomeAsWorst(TrialStatus status, double loss, double expected)
    {
        Assert.Equal(expected, TrialLoss.LossOf(new TrialResult { TrialSettings = Settings, Status = status, Loss = loss }));
    }

    [Fact]
    public void ObjectivesOf_FallsBackToTheLossAndReplacesNonFiniteValues()
    {
        Assert.Equal([0.5], TrialLoss.ObjectivesOf(new TrialResult { TrialSettings = Settings, Status = TrialStatus.Completed, Loss = 0.5 })!);
        Assert.Equal(
            [1.0, double.PositiveInfinity, double.PositiveInfinity],
            TrialLoss.ObjectivesOf(new TrialResult
            {
                TrialSettings = Settings,
                Status = TrialStatus.Completed,
                Loss = 1,
                Objectives = [1.0, double.NaN, double.NegativeInfinity],
            })!);
        Assert.Null(TrialLoss.ObjectivesOf(new TrialResult { TrialSettings = Settings, Status = TrialStatus.Failed, Objectives = [1.0] }));
    }
}
