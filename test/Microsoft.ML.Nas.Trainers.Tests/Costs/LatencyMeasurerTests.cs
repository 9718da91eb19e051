using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

[Collection(TorchTests.CollectionName)]
public sealed class LatencyMeasurerTests
{
    private static readonly LatencyMeasurer s_measurer = new(LatencyTestNetworks.TinyMeasurement);

    /// <summary>Gets the tensors alive that this thread created (TorchSharp counts them per thread).</summary>
    private static long LiveTensors => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    [Fact]
    public void Measure_Network_ReturnsPositiveFiniteMedianBetweenPercentiles()
    {
        var measurement = s_measurer.Measure(LatencyTestNetworks.Convolutions(extraBlocks: 1));

        Assert.True(double.IsFinite(measurement.MedianMilliseconds) && measurement.MedianMilliseconds > 0);
        Assert.InRange(measurement.MedianMilliseconds, measurement.P10Milliseconds, measurement.P90Milliseconds);
        Assert.InRange(measurement.MinimumMilliseconds, double.Epsilon, measurement.P10Milliseconds);
        Assert.Equal(3, measurement.Runs);
    }

    [Fact]
    public void Measure_EveryNodeOnItsOwnInput_ReturnsPositiveFiniteMedians()
    {
        foreach (var node in LatencyTestNetworks.Convolutions(extraBlocks: 1).Nodes)
        {
            var measurement = s_measurer.Measure(node);
            Assert.True(double.IsFinite(measurement.MedianMilliseconds) && measurement.MedianMilliseconds > 0, node.LatencyKey);
        }
    }

    [Fact]
    public void Measure_WithOtherThreadCount_RestoresThreadCountTrainingModeAndGradMode()
    {
        var original = TorchEngine.NumberOfThreads;
        try
        {
            TorchEngine.NumberOfThreads = 2;
            var measurer = new LatencyMeasurer(LatencyTestNetworks.TinyMeasurement with { Threads = 1, BatchSize = 2 });
            using var network = LatencyTestNetworks.Convolutions(extraBlocks: 0).Build();

            var measurement = measurer.Measure(network, LatencyTestNetworks.Input);

            Assert.True(measurement.MedianMilliseconds > 0);
            Assert.Equal(2, TorchEngine.NumberOfThreads);
            Assert.True(network.training);
            Assert.All(network.modules(), module => Assert.True(module.training));
            Assert.True(torch.is_grad_enabled());
        }
        finally
        {
            TorchEngine.NumberOfThreads = original;
        }
    }

    [Fact]
    public void Measure_WhenForwardFails_StillRestoresThreadCountAndLeaksNoTensor()
    {
        var original = TorchEngine.NumberOfThreads;
        try
        {
            TorchEngine.NumberOfThreads = 2;
            using var network = LatencyTestNetworks.Convolutions(extraBlocks: 0).Build();
            var liveBefore = LiveTensors;

            Assert.Throws<ArgumentException>(() => s_measurer.Measure(network, InputShape.Image(3, 12, 12)));

            Assert.Equal(2, TorchEngine.NumberOfThreads);
            Assert.Equal(liveBefore, LiveTensors);
        }
        finally
        {
            TorchEngine.NumberOfThreads = original;
        }
    }

    [Fact]
    public void Measure_ModuleThatLibtorchRejects_ThrowsArgumentExceptionNamingTheBatch()
    {
        // A linear layer of the wrong width fails inside libtorch (a native error), not in a managed shape check.
        using var linear = torch.nn.Linear(5, 2);

        var exception = Assert.Throws<ArgumentException>(() => s_measurer.Measure(linear, LatencyTestNetworks.Input));

        Assert.Contains("[1, 1, 12, 12]", exception.Message, StringComparison.Ordinal);
        Assert.Equal("input", exception.ParamName);
        Assert.True(linear.training);
    }

    [Fact]
    public void Constructor_WithoutADevice_MeasuresOnTheCpu()
    {
        Assert.Equal(DeviceType.CPU, s_measurer.Device.type);
    }

    [Fact]
    public void FromRuns_InterpolatesPercentilesLikeNumPy()
    {
        var measurement = LatencyMeasurement.FromRuns([5.0, 1.0, 4.0, 2.0, 3.0, 6.0]);

        Assert.Equal(3.5, measurement.MedianMilliseconds, 12);
        Assert.Equal(1.0, measurement.MinimumMilliseconds, 12);
        Assert.Equal(1.0, measurement.Milliseconds(LatencyStatistic.Minimum), 12);
        Assert.Equal(3.5, measurement.Milliseconds(LatencyStatistic.Median), 12);
        Assert.Equal(1.5, measurement.P10Milliseconds, 12);
        Assert.Equal(5.5, measurement.P90Milliseconds, 12);
        Assert.Equal(6, measurement.Runs);
    }

    [Fact]
    public void FromRuns_NegativeOrNonFiniteTiming_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyMeasurement.FromRuns([1.0, -1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyMeasurement.FromRuns([double.NaN]));
        Assert.Throws<ArgumentException>(() => LatencyMeasurement.FromRuns([]));
    }

    [Fact]
    public void Options_OutOfRangeValues_ThrowNamingTheSetting()
    {
        var batch = Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredLatencyOptions { BatchSize = 0 });
        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredLatencyOptions { Threads = 0 });
        var warmup = Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredLatencyOptions { WarmupRuns = -1 });
        var runs = Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredLatencyOptions { MeasuredRuns = 0 });
        var statistic = Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredLatencyOptions { Statistic = (LatencyStatistic)7 });

        Assert.Equal(nameof(MeasuredLatencyOptions.BatchSize), batch.ParamName);
        Assert.Equal(nameof(MeasuredLatencyOptions.Threads), threads.ParamName);
        Assert.Equal(nameof(MeasuredLatencyOptions.WarmupRuns), warmup.ParamName);
        Assert.Equal(nameof(MeasuredLatencyOptions.MeasuredRuns), runs.ParamName);
        Assert.Equal(nameof(MeasuredLatencyOptions.Statistic), statistic.ParamName);
    }
}
