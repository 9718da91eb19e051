using System.Text.Json.Serialization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

public sealed class TypedSearchSpaceTests
{
    public enum Activation
    {
        Relu,
        HSwish,
        Gelu,
    }

    public sealed class BlockOptions
    {
        [Range(1, 8)]
        public int Depth { get; set; }

        [Range(1e-4, 1e-1, logBase: true)]
        public double LearningRate { get; set; }

        [Choice("relu", "hswish")]
        public string Activation { get; set; } = "relu";

        [BooleanChoice]
        public bool UseSE { get; set; }

        [Choice(3, 5, 7, DefaultValue = 5)]
        public int KernelSize { get; set; }

        [Choice]
        public Activation HeadActivation { get; set; }

        [Range(0.0f, 0.5f, 0.1f)]
        public float Dropout { get; set; }

        [NestOption]
        public StemOptions Stem { get; set; } = new();

        public string NotSearched { get; set; } = "kept";
    }

    public sealed class StemOptions
    {
        [Range(8, 64, 16, logBase: true)]
        [JsonPropertyName("channels")]
        public int Channels { get; set; }

        [BooleanChoice(true)]
        public bool Fused { get; set; }
    }

    public sealed class TwoAttributes
    {
        [Range(1, 2)]
        [BooleanChoice]
        public int Both { get; set; }
    }

    public sealed class RangeOnString
    {
        [Range(1, 2)]
        public string Name { get; set; } = string.Empty;
    }

    public sealed class FractionalIntRange
    {
        [Range(0.5, 8)]
        public int Depth { get; set; }
    }

    public sealed class ChoiceOfWrongType
    {
        [Choice("three", "five")]
        public int KernelSize { get; set; }
    }

    public sealed class Cyclic
    {
        [NestOption]
        public Cyclic? Inner { get; set; }
    }

    [Fact]
    public void Attributes_BuildTheMatchingOptions_InDeclarationOrder()
    {
        var space = new SearchSpace<BlockOptions>();

        Assert.Equal(["Depth", "LearningRate", "Activation", "UseSE", "KernelSize", "HeadActivation", "Dropout", "Stem"], space.Keys);
        Assert.IsType<UniformIntOption>(space["Depth"]);
        var learningRate = Assert.IsType<UniformDoubleOption>(space["LearningRate"]);
        Assert.True(learningRate.LogBase);
        Assert.Equal(1e-4, learningRate.Min);
        Assert.IsType<BooleanOption>(space["UseSE"]);
        Assert.Equal(3, Assert.IsType<ChoiceOption>(space["HeadActivation"]).Values.Count);
        Assert.IsType<UniformSingleOption>(space["Dropout"]);
        var stem = Assert.IsType<SearchSpace>(space["Stem"]);
        Assert.Equal(["channels", "Fused"], stem.Keys);
        Assert.Equal(1 + 1 + 1 + 1 + 1 + 1 + 1 + 2, space.FeatureSpaceDimension);
    }

    [Fact]
    public void Sample_GivesOptionsThroughAsType()
    {
        var space = new SearchSpace<BlockOptions>();

        var options = space.SampleOptionsFromFeatureSpace([1.0, 0.0, 0.9, 0.9, 0.5, 0.9, 1.0, 0.0, 0.1]);

        Assert.Equal(8, options.Depth);
        Assert.Equal(1e-4, options.LearningRate);
        Assert.Equal("hswish", options.Activation);
        Assert.True(options.UseSE);
        Assert.Equal(5, options.KernelSize);
        Assert.Equal(Activation.Gelu, options.HeadActivation);
        Assert.Equal(0.5f, options.Dropout);
        Assert.Equal(8, options.Stem.Channels);
        Assert.False(options.Stem.Fused);
        Assert.Equal("kept", options.NotSearched);
    }

    [Fact]
    public void Defaults_ComeFromTheAttributes()
    {
        var space = new SearchSpace<BlockOptions>();

        var options = space.SampleOptionsFromFeatureSpace(space.Default);

        Assert.Equal(5, options.KernelSize);
        Assert.Equal(0.1f, options.Dropout);
        Assert.Equal(16, options.Stem.Channels);
        Assert.True(options.Stem.Fused);
        Assert.Equal("relu", options.Activation);
        Assert.Equal(Activation.Relu, options.HeadActivation);
    }

    [Fact]
    public void Defaults_ComeFromTheGivenInstance()
    {
        var defaults = new BlockOptions
        {
            Depth = 2,
            LearningRate = 0.01,
            Activation = "hswish",
            UseSE = true,
            KernelSize = 7,
            HeadActivation = Activation.HSwish,
            Dropout = 0.25f,
            Stem = new StemOptions { Channels = 32, Fused = false },
        };

        var space = new SearchSpace<BlockOptions>(defaults);
        var options = space.SampleOptionsFromFeatureSpace(space.Default);

        Assert.Equal(2, options.Depth);
        Assert.Equal(0.01, options.LearningRate);
        Assert.Equal("hswish", options.Activation);
        Assert.True(options.UseSE);
        Assert.Equal(7, options.KernelSize);
        Assert.Equal(Activation.HSwish, options.HeadActivation);
        Assert.Equal(0.25f, options.Dropout);
        Assert.Equal(32, options.Stem.Channels);
        Assert.False(options.Stem.Fused);
    }

    [Fact]
    public void DefaultInstance_OutsideARange_ThrowsNamingTheProperty()
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => new SearchSpace<BlockOptions>(new BlockOptions { Depth = 0 }));

        Assert.Contains("BlockOptions.Depth", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_ManyRandomPoints_ThroughOptionsObjects()
    {
        var space = new SearchSpace<BlockOptions>();
        var random = new Random(41);

        RoundTripAssert.FeatureToParameterToFeature(space, count: 500, seed: 42);
        for (int i = 0; i < 300; i++)
        {
            var x = Enumerable.Range(0, space.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();
            var parameter = space.SampleFromFeatureSpace(x);
            var options = space.ToOptions(parameter);

            Assert.Equal(parameter, space.ToParameter(options));
            Assert.Equal(space.MappingToFeatureSpace(parameter), space.MappingToFeatureSpace(options));
        }
    }

    [Fact]
    public void TypedSpace_HasTheSameJsonAndHashAsTheSpaceBuiltByHand()
    {
        var byHand = new SearchSpace
        {
            ["Depth"] = new UniformIntOption(1, 8),
            ["LearningRate"] = new UniformDoubleOption(1e-4, 1e-1, logBase: true),
            ["Activation"] = new ChoiceOption("relu", "hswish"),
            ["UseSE"] = new BooleanOption(),
            ["KernelSize"] = new ChoiceOption(new[] { 3, 5, 7 }.Select(v => new ChoiceValue(Parameter.FromInt(v))), Parameter.FromInt(5)),
            ["HeadActivation"] = new ChoiceOption("Relu", "HSwish", "Gelu"),
            ["Dropout"] = new UniformSingleOption(0f, 0.5f, defaultValue: 0.1f),
            ["Stem"] = new SearchSpace
            {
                ["channels"] = new UniformIntOption(8, 64, logBase: true, defaultValue: 16),
                ["Fused"] = new BooleanOption(true),
            },
        };

        var typed = new SearchSpace<BlockOptions>();

        Assert.Equal(byHand.ToJson(), typed.ToString());
        Assert.Equal(byHand.GetStableHash(), typed.ToSearchSpace().GetStableHash());
    }

    [Fact]
    public void TypedSpace_ConvertsToSearchSpace_AndNestsInsideOne()
    {
        var typed = new SearchSpace<StemOptions>();
        SearchSpace untyped = typed;
        var outer = new SearchSpace { ["stem"] = typed, ["depth"] = new UniformIntOption(1, 3) };

        var parameter = outer.SampleFromFeatureSpace([0.0, 0.9, 0.5]);

        Assert.Same(typed.ToSearchSpace(), untyped);
        Assert.Equal(8, parameter["stem"]["channels"].AsType<int>());
        Assert.Equal(8, typed.ToOptions(parameter["stem"]).Channels);
        RoundTripAssert.FeatureToParameterToFeature(outer, count: 200, seed: 43);
    }

    [Fact]
    public void InvalidAttributes_ThrowNamingTheProperty()
    {
        Assert.Contains("TwoAttributes.Both", Assert.Throws<ArgumentException>(() => new SearchSpace<TwoAttributes>()).Message, StringComparison.Ordinal);
        Assert.Contains("RangeOnString.Name", Assert.Throws<ArgumentException>(() => new SearchSpace<RangeOnString>()).Message, StringComparison.Ordinal);
        Assert.Contains("FractionalIntRange.Depth", Assert.Throws<ArgumentException>(() => new SearchSpace<FractionalIntRange>()).Message, StringComparison.Ordinal);
        var wrongType = Assert.Throws<ArgumentException>(() => new SearchSpace<ChoiceOfWrongType>());
        Assert.Contains("ChoiceOfWrongType.KernelSize", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("\"three\"", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("cycle", Assert.Throws<ArgumentException>(() => new SearchSpace<Cyclic>()).Message, StringComparison.Ordinal);
    }
}
