using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Tests.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

[Collection(TorchTests.CollectionName)]
public sealed class LatencyCostModelTests
{
    [Fact]
    public void MeasuredLatencyCostModel_Estimate_ReportsLatencyAndMeasuresEachNetworkOnce()
    {
        var space = LatencyTestNetworks.TinyMobileNet();
        var model = new MeasuredLatencyCostModel(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement);
        var parameter = space.SearchSpace.SampleFromFeatureSpace(space.SearchSpace.Default);

        var first = model.Estimate(parameter);
        var second = model.Estimate(parameter);

        var latency = Assert.Single(first);
        Assert.Equal(CostNames.LatencyMilliseconds, latency.Key);
        Assert.True(double.IsFinite(latency.Value) && latency.Value > 0);
        Assert.Equal(latency.Value, second[CostNames.LatencyMilliseconds]);
        Assert.Equal(1, model.MeasuredNetworks);
    }

    [Fact]
    public void MeasuredLatencyCostModel_RepeatedAndDistinctNetworks_MeasuresEachDistinctNetworkOnce()
    {
        var space = LatencyTestNetworks.TinyMobileNet();
        var model = new MeasuredLatencyCostModel(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyMeasurement);
        var smallest = space.SearchSpace.SampleFromFeatureSpace(new double[space.SearchSpace.FeatureSpaceDimension]);
        var largest = space.SearchSpace.SampleFromFeatureSpace([.. Enumerable.Repeat(1.0, space.SearchSpace.FeatureSpaceDimension)]);
        Assert.NotEqual(
            space.Describe(smallest, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs).ToJson(),
            space.Describe(largest, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs).ToJson());

        var first = model.Estimate(smallest)[CostNames.LatencyMilliseconds];
        model.Estimate(largest);
        var again = model.Estimate(smallest)[CostNames.LatencyMilliseconds];

        Assert.Equal(2, model.MeasuredNetworks);
        Assert.Equal(first, again);
    }

    [Fact]
    public void LookupTableLatencyCostModel_Estimate_ReportsTheTablePrediction()
    {
        var space = LatencyTestNetworks.TinyMobileNet();
        var table = LatencyLookupTable.Build(space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyTable);
        var model = new LookupTableLatencyCostModel(table, space, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs);
        var parameter = space.SearchSpace.SampleFromFeatureSpace(space.SearchSpace.Default);

        var costs = model.Estimate(parameter);

        var latency = Assert.Single(costs);
        Assert.Equal(CostNames.LatencyMilliseconds, latency.Key);
        Assert.Equal(table.Predict(space.Describe(parameter, LatencyTestNetworks.Input, LatencyTestNetworks.Outputs)), latency.Value);
    }

    [Fact]
    public void CostModels_InputThatDoesNotFitTheSpace_Throw()
    {
        var space = LatencyTestNetworks.TinyMobileNet();
        var table = LatencyLookupTable.Build([LatencyTestNetworks.Convolutions(0)], LatencyTestNetworks.TinyTable);

        Assert.ThrowsAny<ArgumentException>(() => new MeasuredLatencyCostModel(space, InputShape.Vector(10), 3));
        Assert.ThrowsAny<ArgumentException>(() => new LookupTableLatencyCostModel(table, space, InputShape.Vector(10), 3));
    }
}
