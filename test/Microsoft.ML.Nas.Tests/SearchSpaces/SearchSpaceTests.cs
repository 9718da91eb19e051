using System.Text.Json;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

public sealed class SearchSpaceTests
{
    [Fact]
    public void FeatureLayout_IsTheOptionsInKeyOrder()
    {
        var space = new SearchSpace
        {
            ["depth"] = new UniformIntOption(1, 9),
            ["block"] = ChoiceOptionTests.CreateBlockChoice(),
            ["useSE"] = new BooleanOption(),
        };

        Assert.Equal(["depth", "block", "useSE"], space.Keys);
        Assert.Equal(6, space.FeatureSpaceDimension);
        var parameter = space.SampleFromFeatureSpace([0.5, 0.9, 0, 0, 0, 0.8]);
        Assert.Equal("{\"depth\":5,\"block\":{\"value\":\"identity\"},\"useSE\":true}", parameter.ToJson());
        Assert.Equal(
            [.. space["depth"].Step, .. space["block"].Step, .. space["useSE"].Step],
            space.Step);
        Assert.Equal([.. space["depth"].Default, .. space["block"].Default, .. space["useSE"].Default], space.Default);
    }

    [Fact]
    public void RoundTrip_NestedSpaces_ManyRandomPoints()
    {
        var space = CreateExampleSpace();

        var sampled = RoundTripAssert.FeatureToParameterToFeature(space, count: 1000, seed: 31);

        Assert.All(sampled, p => Assert.Equal(["lr", "optimizer", "stem", "stages"], p.Keys));
        Assert.All(sampled, p => Assert.InRange(p["stem"]["channels"].AsType<int>(), 8, 64));
    }

    [Fact]
    public void Add_DuplicateKey_ThrowsNamingIt()
    {
        var space = new SearchSpace { ["depth"] = new UniformIntOption(1, 8) };

        var exception = Assert.Throws<ArgumentException>(() => space.Add("depth", new BooleanOption()));

        Assert.Contains("'depth'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexerSet_ReplacesInPlace_AndRemoveDropsTheKey()
    {
        var space = new SearchSpace { ["a"] = new BooleanOption(), ["b"] = new BooleanOption() };

        space["a"] = new UniformIntOption(0, 3);
        Assert.True(space.Remove("b"));

        Assert.Equal(["a"], space.Keys);
        Assert.IsType<UniformIntOption>(space["a"]);
        Assert.False(space.TryGetValue("b", out _));
    }

    [Fact]
    public void Indexer_MissingKey_ThrowsKeyNotFoundNamingIt()
    {
        var space = new SearchSpace { ["a"] = new BooleanOption() };

        var exception = Assert.Throws<KeyNotFoundException>(() => space["missing"]);

        Assert.Contains("'missing'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SpaceIntoItself_IsRejected()
    {
        var space = new SearchSpace();
        var inner = new SearchSpace { ["x"] = new BooleanOption() };
        space.Add("inner", inner);

        Assert.Throws<ArgumentException>(() => space.Add("self", space));
        Assert.Throws<ArgumentException>(() => inner.Add("outer", space));
        Assert.Throws<ArgumentException>(() => inner.Add("choice", new ChoiceOption(new ChoiceValue("a", space))));
        Assert.Throws<ArgumentException>(() => space.Add(string.Empty, new BooleanOption()));
    }

    [Fact]
    public void Mapping_WrongShape_NamesTheKeyPath()
    {
        var space = CreateExampleSpace();
        var parameter = space.SampleFromFeatureSpace(space.Default);

        parameter["stem"]["channels"] = Parameter.FromInt(1000);
        var outOfRange = Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(parameter));
        Assert.StartsWith("Option 'stem': Option 'channels': UniformIntOption [8, 64]", outOfRange.Message, StringComparison.Ordinal);

        parameter["stem"].Remove("channels");
        var missing = Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(parameter));
        Assert.Contains("lacks the key 'channels'", missing.Message, StringComparison.Ordinal);

        var extra = space.SampleFromFeatureSpace(space.Default);
        extra["typo"] = Parameter.FromInt(1);
        var unknown = Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(extra));
        Assert.Contains("typo", unknown.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(Parameter.FromInt(1)));
    }

    [Fact]
    public void Sample_WrongLength_Throws()
    {
        var space = CreateExampleSpace();

        var exception = Assert.Throws<ArgumentException>(() => space.SampleFromFeatureSpace(new double[space.FeatureSpaceDimension + 1]));

        Assert.Contains($"expected {space.FeatureSpaceDimension}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptySpace_HasNoDimensions_AndSamplesAnEmptyObject()
    {
        var space = new SearchSpace();

        Assert.Equal(0, space.FeatureSpaceDimension);
        Assert.Equal("{}", space.SampleFromFeatureSpace([]).ToJson());
        Assert.Empty(space.MappingToFeatureSpace(Parameter.CreateObject()));
    }

    [Fact]
    public void Json_RoundTrip_GivesTheSameDefinitionAndTheSameMapping()
    {
        var space = CreateExampleSpace();

        string json = space.ToJson();
        var back = SearchSpace.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(space.GetStableHash(), back.GetStableHash());
        Assert.Equal(space.Default, back.Default);
        Assert.Equal(space.Step, back.Step);
        var random = new Random(32);
        for (int i = 0; i < 200; i++)
        {
            var x = Enumerable.Range(0, space.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();
            Assert.Equal(space.SampleFromFeatureSpace(x), back.SampleFromFeatureSpace(x));
        }

        Assert.Equal(json, SearchSpace.FromJson(space.ToJson(indented: true)).ToJson());
    }

    [Fact]
    public void Json_HasTheDocumentedShape()
    {
        var space = new SearchSpace
        {
            ["depth"] = new UniformIntOption(1, 8, defaultValue: 2),
            ["lr"] = new UniformDoubleOption(1e-4, 0.1, logBase: true),
            ["act"] = new ChoiceOption(["relu", "hswish"], "hswish"),
        };

        Assert.Equal(
            "{\"type\":\"space\",\"options\":{"
            + "\"depth\":{\"type\":\"int\",\"min\":1,\"max\":8,\"logBase\":false,\"default\":2},"
            + "\"lr\":{\"type\":\"double\",\"min\":0.0001,\"max\":0.1,\"logBase\":true},"
            + "\"act\":{\"type\":\"choice\",\"values\":[{\"value\":\"relu\"},{\"value\":\"hswish\"}],\"default\":\"hswish\"}}}",
            space.ToJson());
    }

    [Fact]
    public void FromJson_InvalidDefinitions_ThrowJsonExceptionWithThePath()
    {
        var unknownType = Assert.Throws<JsonException>(() => SearchSpace.FromJson("{\"type\":\"space\",\"options\":{\"a\":{\"type\":\"gauss\"}}}"));
        Assert.Contains("$.options.a", unknownType.Message, StringComparison.Ordinal);
        var badRange = Assert.Throws<JsonException>(() => SearchSpace.FromJson("{\"type\":\"space\",\"options\":{\"a\":{\"type\":\"int\",\"min\":5,\"max\":1}}}"));
        Assert.Contains("min (5) must be less than max (1)", badRange.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => SearchSpace.FromJson("{\"type\":\"int\",\"min\":1,\"max\":2}"));
        Assert.Throws<JsonException>(() => SearchSpace.FromJson("{\"type\":\"space\"}"));
        Assert.ThrowsAny<JsonException>(() => SearchSpace.FromJson("not json"));
    }

    [Fact]
    public void StableHash_EqualForTheSameDefinitionBuiltTwice()
    {
        Assert.Equal(CreateExampleSpace().GetStableHash(), CreateExampleSpace().GetStableHash());
        Assert.Matches("^[0-9a-f]{64}$", CreateExampleSpace().GetStableHash());
    }

    [Theory]
    [InlineData("rename key")]
    [InlineData("reorder keys")]
    [InlineData("widen range")]
    [InlineData("log scale")]
    [InlineData("add choice")]
    [InlineData("reorder choices")]
    [InlineData("change default")]
    [InlineData("nested range")]
    [InlineData("branch option")]
    [InlineData("int to double")]
    public void StableHash_ChangesAfterAnyChange(string change)
    {
        var changed = CreateExampleSpace();
        switch (change)
        {
            case "rename key":
                changed = new SearchSpace(changed.Select(e => KeyValuePair.Create(e.Key == "lr" ? "learningRate" : e.Key, e.Value)));
                break;
            case "reorder keys":
                changed = new SearchSpace(changed.Reverse());
                break;
            case "widen range":
                changed["lr"] = new UniformDoubleOption(1e-6, 1e-1, logBase: true);
                break;
            case "log scale":
                changed["lr"] = new UniformDoubleOption(1e-5, 1e-1);
                break;
            case "add choice":
                changed["optimizer"] = new ChoiceOption("sgd", "adam", "adamw", "lion");
                break;
            case "reorder choices":
                changed["optimizer"] = new ChoiceOption("adam", "sgd", "adamw");
                break;
            case "change default":
                changed["optimizer"] = new ChoiceOption(["sgd", "adam", "adamw"], "adam");
                break;
            case "nested range":
                ((SearchSpace)changed["stem"])["channels"] = new UniformIntOption(8, 65, logBase: true);
                break;
            case "branch option":
                ((SearchSpace)((ChoiceOption)((SearchSpace)changed["stages"])["block"]).Values[0].SubSpace!)["kernel"] = new ChoiceOption(3, 5);
                break;
            case "int to double":
                ((SearchSpace)changed["stages"])["count"] = new UniformDoubleOption(1, 6);
                break;
        }

        Assert.NotEqual(CreateExampleSpace().GetStableHash(), changed.GetStableHash());
    }

    [Fact]
    public void StableHash_OfAFixedSpace_IsAKnownConstant()
    {
        // Computed once from this definition; if it changes, the JSON format changed and stored experiments
        // would no longer match their spaces. Change it only together with a deliberate format change.
        var space = new SearchSpace
        {
            ["depth"] = new UniformIntOption(1, 8),
            ["lr"] = new UniformDoubleOption(1e-4, 1e-1, logBase: true, defaultValue: 1e-3),
            ["width"] = new UniformSingleOption(0.25f, 1.5f),
            ["act"] = new ChoiceOption("relu", "hswish"),
            ["se"] = new BooleanOption(true),
            ["block"] = new ChoiceOption(new ChoiceValue("mbconv", new SearchSpace { ["k"] = new ChoiceOption(3, 5) }), new ChoiceValue("skip")),
        };

        Assert.Equal(
            "{\"type\":\"space\",\"options\":{\"depth\":{\"type\":\"int\",\"min\":1,\"max\":8,\"logBase\":false},"
            + "\"lr\":{\"type\":\"double\",\"min\":0.0001,\"max\":0.1,\"logBase\":true,\"default\":0.001},"
            + "\"width\":{\"type\":\"float\",\"min\":0.25,\"max\":1.5,\"logBase\":false},"
            + "\"act\":{\"type\":\"choice\",\"values\":[{\"value\":\"relu\"},{\"value\":\"hswish\"}]},"
            + "\"se\":{\"type\":\"bool\",\"default\":true},"
            + "\"block\":{\"type\":\"choice\",\"values\":[{\"value\":\"mbconv\",\"space\":{\"type\":\"space\",\"options\":{\"k\":{\"type\":\"choice\",\"values\":[{\"value\":3},{\"value\":5}]}}}},{\"value\":\"skip\"}]}}}",
            space.ToJson());
        // SHA-256 of the JSON above, checked independently with Python's hashlib.
        Assert.Equal("6e5e3b15c9ebaa54f52097d53538b9fd37cfa58615147b674132a88181f2c6c9", space.GetStableHash());
    }

    [Fact]
    public void SearchSpace_IsAnOption_SoItNestsInsideAnotherSpace()
    {
        var inner = new SearchSpace { ["a"] = new UniformIntOption(0, 4) };
        var outer = new SearchSpace { ["inner"] = inner, ["b"] = new BooleanOption() };

        var parameter = outer.SampleFromFeatureSpace([1.0, 0.9]);

        Assert.Equal(4, parameter["inner"]["a"].AsType<int>());
        Assert.Equal([1.0, 0.75], outer.MappingToFeatureSpace(parameter));
    }

    internal static SearchSpace CreateExampleSpace() => new()
    {
        ["lr"] = new UniformDoubleOption(1e-5, 1e-1, logBase: true),
        ["optimizer"] = new ChoiceOption("sgd", "adam", "adamw"),
        ["stem"] = new SearchSpace
        {
            ["channels"] = new UniformIntOption(8, 64, logBase: true),
            ["activation"] = new ChoiceOption("relu", "hswish"),
        },
        ["stages"] = new SearchSpace
        {
            ["count"] = new UniformIntOption(1, 6, defaultValue: 3),
            ["block"] = ChoiceOptionTests.CreateBlockChoice(),
            ["width"] = new UniformSingleOption(0.25f, 2f),
            ["useSE"] = new BooleanOption(),
        },
    };
}
