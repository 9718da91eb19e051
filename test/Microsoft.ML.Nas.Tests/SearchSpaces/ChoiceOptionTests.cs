using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

public sealed class ChoiceOptionTests
{
    [Fact]
    public void Plain_IndexIsFloorOfXTimesN_AndMappingBackIsTheBinCentre()
    {
        var option = new ChoiceOption("a", "b", "c", "d");

        Assert.Equal("a", option.SampleFromFeatureSpace([0.0]).AsType<string>());
        Assert.Equal("a", option.SampleFromFeatureSpace([0.2499]).AsType<string>());
        Assert.Equal("b", option.SampleFromFeatureSpace([0.25]).AsType<string>());
        Assert.Equal("d", option.SampleFromFeatureSpace([1.0]).AsType<string>());
        Assert.Equal([0.625], option.MappingToFeatureSpace(Parameter.FromString("c")));
        Assert.Equal(0.25, option.Step[0]);
        Assert.Equal([0.125], option.Default);
        Assert.False(option.IsConditional);
    }

    [Fact]
    public void Plain_RoundTrip_ManyRandomPoints_CoversEveryValue()
    {
        var option = new ChoiceOption(
            Parameter.FromInt(3),
            Parameter.FromDouble(0.5),
            Parameter.FromString("x"),
            Parameter.FromBool(true),
            Parameter.Null,
            Parameter.FromArray([Parameter.FromInt(1), Parameter.FromInt(2)]),
            Parameter.CreateNestedParameter(("value", Parameter.FromInt(1))));

        var seen = RoundTripAssert.FeatureToParameterToFeature(option, count: 700, seed: 21);

        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public void Default_IsTheGivenValueOrTheFirst()
    {
        var option = new ChoiceOption(["relu", "hswish", "gelu"], "gelu");

        Assert.Equal("gelu", option.SampleFromFeatureSpace(option.Default).AsType<string>());
        Assert.Equal(Parameter.FromString("gelu"), option.DefaultValue);
        Assert.Equal(Parameter.FromInt(3), new ChoiceOption(3, 5).DefaultValue);
    }

    [Fact]
    public void Mapping_MatchesIntegersAndNumbersByValue()
    {
        var option = new ChoiceOption(0.5, 1.0, 2.0);

        Assert.Equal([0.5], option.MappingToFeatureSpace(Parameter.FromInt(1)));
        var missing = Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromDouble(3.0)));
        Assert.Contains("3.0 is not one of the values", missing.Message, StringComparison.Ordinal);
        Assert.Contains("ChoiceOption [0.5, 1.0, 2.0]", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampledValues_AreCopies_SoEditingThemLeavesTheOptionIntact()
    {
        var option = new ChoiceOption(Parameter.CreateNestedParameter(("k", Parameter.FromInt(1))));

        var sampled = option.SampleFromFeatureSpace([0.3]);
        sampled["k"] = Parameter.FromInt(2);

        Assert.Equal(1, option.SampleFromFeatureSpace([0.3])["k"].AsType<int>());
    }

    [Fact]
    public void Conditional_Sample_ReadsOnlyTheChosenBranch()
    {
        var option = CreateBlockChoice();

        // Layout: [choice, mbconv.kernel, mbconv.expand, fused.expand]
        Assert.Equal(4, option.FeatureSpaceDimension);
        var mbconv = option.SampleFromFeatureSpace([0.1, 0.9, 0.0, 0.7]);
        var fused = option.SampleFromFeatureSpace([0.5, 0.9, 0.0, 1.0]);
        var identity = option.SampleFromFeatureSpace([0.9, 0.2, 0.3, 0.4]);

        Assert.Equal("{\"value\":\"mbconv\",\"kernel\":7,\"expand\":1}", mbconv.ToJson());
        Assert.Equal("{\"value\":\"fused\",\"expand\":6}", fused.ToJson());
        Assert.Equal("{\"value\":\"identity\"}", identity.ToJson());
        Assert.True(option.IsConditional);
    }

    [Fact]
    public void Conditional_Mapping_SetsInactiveBranchesToTheirDefaults()
    {
        var option = CreateBlockChoice();

        var point = option.MappingToFeatureSpace(Parameter.FromJson("{\"value\":\"fused\",\"expand\":6}"));

        Assert.Equal(0.5, point[0]);
        Assert.Equal(option.Values[0].SubSpace!.Default, point[1..3]);
        Assert.Equal(1.0, point[3]);
    }

    [Fact]
    public void Conditional_AcceptsAPlainValueForABranchWithoutSubSpace()
    {
        var option = CreateBlockChoice();

        Assert.Equal(
            option.MappingToFeatureSpace(Parameter.FromJson("{\"value\":\"identity\"}")),
            option.MappingToFeatureSpace(Parameter.FromString("identity")));
    }

    [Fact]
    public void Conditional_RejectsMissingOrStrayBranchKeys()
    {
        var option = CreateBlockChoice();

        var plain = Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromString("mbconv")));
        Assert.Contains("has a sub-space", plain.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromJson("{\"value\":\"mbconv\",\"kernel\":3}")));
        Assert.Contains("'expand'", missing.Message, StringComparison.Ordinal);
        var stray = Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromJson("{\"value\":\"identity\",\"kernel\":3}")));
        Assert.Contains("kernel", stray.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditional_RoundTrip_ManyRandomPoints_AndEveryBranchOccurs()
    {
        var option = CreateBlockChoice();

        var sampled = RoundTripAssert.FeatureToParameterToFeature(option, count: 1500, seed: 22);

        Assert.Equal(["fused", "identity", "mbconv"], sampled.Select(p => p["value"].AsType<string>()).Distinct().Order());
    }

    [Fact]
    public void Conditional_NestedTwoLevels_RoundTrips()
    {
        var inner = new ChoiceOption(
            new ChoiceValue("se", new SearchSpace { ["ratio"] = new ChoiceOption(0.25, 0.5) }),
            new ChoiceValue("none"));
        var outer = new ChoiceOption(
            new ChoiceValue("mbconv", new SearchSpace { ["attention"] = inner, ["kernel"] = new ChoiceOption(3, 5) }),
            new ChoiceValue("skip"));

        var sampled = RoundTripAssert.FeatureToParameterToFeature(outer, count: 800, seed: 23);

        Assert.Contains(sampled, p => p.ContainsKey("attention") && p["attention"]["value"].AsType<string>() == "se");
        Assert.Equal(1 + (1 + 1) + 1, outer.FeatureSpaceDimension); // block, attention (+ se.ratio), kernel
    }

    [Fact]
    public void Conditional_StepAndDefault_CoverEveryBranchInLayoutOrder()
    {
        var option = CreateBlockChoice();

        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 5, 1.0 / 5], option.Step);
        var defaults = option.Default;
        Assert.Equal(1.0 / 6, defaults[0]);
        Assert.Equal(Parameter.FromJson("{\"value\":\"mbconv\",\"kernel\":3,\"expand\":4}"), option.SampleFromFeatureSpace(defaults));
    }

    [Fact]
    public void ChoiceValue_SubSpaceWithTheValueKey_IsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ChoiceValue("a", new SearchSpace { ["value"] = new BooleanOption() }));

        Assert.Contains("'value'", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>block ∈ {mbconv(kernel ∈ {3,5,7}, expand ∈ [1,6] default 4), fused(expand ∈ [1,6]), identity}.</summary>
    internal static ChoiceOption CreateBlockChoice() => new(
        new ChoiceValue("mbconv", new SearchSpace
        {
            ["kernel"] = new ChoiceOption(3, 5, 7),
            ["expand"] = new UniformIntOption(1, 6, defaultValue: 4),
        }),
        new ChoiceValue("fused", new SearchSpace { ["expand"] = new UniformIntOption(1, 6) }),
        new ChoiceValue("identity"));
}
