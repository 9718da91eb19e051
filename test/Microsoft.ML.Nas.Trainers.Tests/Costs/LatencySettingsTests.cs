using Microsoft.ML.Nas.Trainers.Costs;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

public sealed class LatencySettingsTests
{
    [Fact]
    public void OptionsAndTableMachine_RejectTheSameValues_NamingTheirOwnSetting()
    {
        var cases = new (Func<object> Options, Func<object> Machine, string OptionName, string MachineName)[]
        {
            (() => new MeasuredLatencyOptions { BatchSize = 0 }, () => Machine(batchSize: 0), nameof(MeasuredLatencyOptions.BatchSize), "batchSize"),
            (() => new MeasuredLatencyOptions { Threads = 0 }, () => Machine(threads: 0), nameof(MeasuredLatencyOptions.Threads), "threads"),
            (() => new MeasuredLatencyOptions { WarmupRuns = -1 }, () => Machine(warmupRuns: -1), nameof(MeasuredLatencyOptions.WarmupRuns), "warmupRuns"),
            (() => new MeasuredLatencyOptions { MeasuredRuns = 0 }, () => Machine(measuredRuns: 0), nameof(MeasuredLatencyOptions.MeasuredRuns), "measuredRuns"),
            (() => new MeasuredLatencyOptions { Statistic = (LatencyStatistic)9 }, () => Machine(statistic: (LatencyStatistic)9), nameof(MeasuredLatencyOptions.Statistic), "statistic"),
        };

        foreach (var (options, machine, optionName, machineName) in cases)
        {
            var fromOptions = Assert.Throws<ArgumentOutOfRangeException>(options);
            var fromMachine = Assert.Throws<ArgumentOutOfRangeException>(machine);
            Assert.Equal(optionName, fromOptions.ParamName);
            Assert.Equal(machineName, fromMachine.ParamName);
            Assert.Equal(fromOptions.Message.Split('(')[0], fromMachine.Message.Split('(')[0]);
        }
    }

    [Fact]
    public void OptionsAndTableMachine_AcceptTheSmallestValidValues()
    {
        var options = new MeasuredLatencyOptions { BatchSize = 1, Threads = 1, WarmupRuns = 0, MeasuredRuns = 1, Statistic = LatencyStatistic.Minimum };
        var machine = Machine(warmupRuns: 0, measuredRuns: 1, statistic: LatencyStatistic.Minimum);

        Assert.Equal((1, 1, 0, 1, LatencyStatistic.Minimum), (options.BatchSize, options.Threads, options.WarmupRuns, options.MeasuredRuns, options.Statistic));
        Assert.Equal((1, 1, 0, 1, LatencyStatistic.Minimum), (machine.BatchSize, machine.Threads, machine.WarmupRuns, machine.MeasuredRuns, machine.Statistic));
    }

    [Fact]
    public void OutOfRangeSetting_MessageSaysTheLimitAndTheValueFound()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredLatencyOptions { WarmupRuns = -3 });

        Assert.Contains("at least 0; found -3", exception.Message, StringComparison.Ordinal);
    }

    private static LatencyTableMachine Machine(
        int threads = 1, int batchSize = 1, int warmupRuns = 5, int measuredRuns = 30, LatencyStatistic statistic = LatencyStatistic.Median) =>
        new(2, "os", "X64", ".NET", threads, batchSize, warmupRuns, measuredRuns, statistic, DateTimeOffset.UnixEpoch);
}
