using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

public sealed class AnalyticCostModelTests
{
    private static readonly InputShape s_fashion = InputShape.Image(1, 28, 28);

    [Fact]
    public void Estimate_ReturnsTheDescriptionsParametersMacsAndPeakMemory()
    {
        var space = ArchitectureSpaces.MobileNet();
        var model = new AnalyticCostModel(space, s_fashion, 10);
        var parameter = space.SearchSpace.SampleFromFeatureSpace(space.SearchSpace.Default);

        var costs = model.Estimate(parameter);
        var description = space.Describe(parameter, s_fashion, 10);

        Assert.Equal([CostNames.Macs, CostNames.Parameters, CostNames.PeakMemoryBytes], costs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(description.Parameters, costs[CostNames.Parameters]);
        Assert.Equal(description.Macs, costs[CostNames.Macs]);
        Assert.Equal(description.PeakMemoryBytes, costs[CostNames.PeakMemoryBytes]);
        Assert.Equal(costs, model.Estimate(Parameter.FromJson(parameter.ToJson())));
    }

    [Fact]
    public void Estimate_WithAParameterKey_ReadsTheArchitectureUnderIt()
    {
        var space = ArchitectureSpaces.Mlp();
        var model = new AnalyticCostModel(space, InputShape.Vector(20), 3, parameterKey: "architecture");
        var architecture = space.MinimalCandidates()[0];
        var trial = Parameter.CreateNestedParameter(("architecture", architecture), ("learningRate", Parameter.FromDouble(0.01)));

        Assert.Equal(new AnalyticCostModel(space, InputShape.Vector(20), 3).Estimate(architecture), model.Estimate(trial));
        Assert.Contains("'architecture'", Assert.Throws<ArgumentException>(() => model.Estimate(architecture)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithAnInputTheSpaceCannotTake_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new AnalyticCostModel(ArchitectureSpaces.ResNet(), InputShape.Vector(8), 2));

        Assert.Contains("found [8]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_OfAParameterOutsideTheSpace_ThrowsNamingTheKey()
    {
        var space = ArchitectureSpaces.NasBench201();
        var model = new AnalyticCostModel(space, s_fashion, 10);
        var parameter = space.MinimalCandidates()[0];
        parameter["3<-1"] = Parameter.FromString("max_pool_3x3");

        Assert.Contains("'3<-1'", Assert.Throws<ArgumentException>(() => model.Estimate(parameter)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimumCosts_AreTheSpacesMinimumByCostName()
    {
        var space = ArchitectureSpaces.ResNet();
        var model = new AnalyticCostModel(space, s_fashion, 10);

        var minimum = model.MinimumCosts();

        Assert.Equal(space.MinimumCosts(s_fashion, 10).ToDictionary(), minimum);
        Assert.All(space.MinimalCandidates(), p => Assert.True(model.Estimate(p)[CostNames.Macs] >= minimum[CostNames.Macs]));
    }

    [Fact]
    public void PeakMemory_OfAnMlp_IsTheLargestInputPlusOutputPair()
    {
        var space = ArchitectureSpaces.Mlp();
        var parameter = Parameter.CreateNestedParameter(
            ("layers", Parameter.CreateNestedParameter(("value", Parameter.FromInt(2)), ("width1", Parameter.FromInt(512)), ("width2", Parameter.FromInt(256)))),
            ("activation", Parameter.FromString("relu")),
            ("dropout", Parameter.FromDouble(0.0)),
            ("normalization", Parameter.FromString("none")),
            ("residual", Parameter.FromBool(false)));

        var costs = new AnalyticCostModel(space, InputShape.Vector(20), 3).EstimateCosts(parameter);

        Assert.Equal(4 * (512 + 256), costs.PeakMemoryBytes);
        Assert.Equal((20 * 512) + (512 * 256) + (256 * 3), costs.Macs);
        Assert.Equal((20 * 512) + 512 + (512 * 256) + 256 + (256 * 3) + 3, costs.Parameters);
    }
}
