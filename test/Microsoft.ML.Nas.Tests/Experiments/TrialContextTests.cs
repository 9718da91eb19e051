using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.Experiments;

public sealed class TrialContextTests
{
    private static TrialSettings Settings(int trialId) => new() { TrialId = trialId, Parameter = Parameter.FromInt(1), Fidelity = 9 };

    [Fact]
    public void ReportIntermediate_NonIncreasingFidelity_Throws()
    {
        var context = new TrialContext(Settings(0));
        context.ReportIntermediate(1, 0.5);

        Assert.Throws<ArgumentOutOfRangeException>(() => context.ReportIntermediate(1, 0.4));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.ReportIntermediate(double.NaN, 0.4));
        Assert.Equal([0.5], context.IntermediateValues);
    }

    [Fact]
    public void ReportIntermediate_SchedulerStops_ThrowsPrunedAndKeepsThrowing()
    {
        var scheduler = new AshaScheduler(1, 9);
        new TrialContext(Settings(0), scheduler: scheduler).ReportIntermediate(1, 1.0);
        var context = new TrialContext(Settings(1), scheduler: scheduler);

        Assert.Throws<TrialPrunedException>(() => context.ReportIntermediate(1, 2.0));
        Assert.True(context.IsPruned);
        Assert.Throws<TrialPrunedException>(() => context.ReportIntermediate(2, 0.0));
    }

    [Fact]
    public void Constructor_SettingsWithoutParameter_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TrialContext(new TrialSettings { TrialId = 0 }));
    }
}
