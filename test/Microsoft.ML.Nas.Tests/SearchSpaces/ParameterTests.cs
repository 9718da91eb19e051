using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

public sealed class ParameterTests
{
    public enum Activation
    {
        Relu,
        HSwish,
        Gelu,
    }

    public sealed class TrainingOptions
    {
        public int Epochs { get; set; }

        public double LearningRate { get; set; }

        public float Dropout { get; set; }

        public Activation Activation { get; set; }

        public int[] Widths { get; set; } = [];

        public StemOptions Stem { get; set; } = new();

        public string Untouched { get; set; } = "initial";
    }

    public sealed class StemOptions
    {
        public int Channels { get; set; }

        [JsonPropertyName("use_se")]
        public bool UseSE { get; set; }
    }

    [Fact]
    public void Factories_ProduceTheMatchingParameterType()
    {
        Assert.Equal(ParameterType.Integer, Parameter.FromInt(3).ParameterType);
        Assert.Equal(ParameterType.Integer, Parameter.FromLong(long.MaxValue).ParameterType);
        Assert.Equal(ParameterType.Number, Parameter.FromDouble(0.5).ParameterType);
        Assert.Equal(ParameterType.Number, Parameter.FromFloat(0.5f).ParameterType);
        Assert.Equal(ParameterType.Bool, Parameter.FromBool(true).ParameterType);
        Assert.Equal(ParameterType.String, Parameter.FromString("a").ParameterType);
        Assert.Equal(ParameterType.String, Parameter.FromEnum(Activation.HSwish).ParameterType);
        Assert.Equal(ParameterType.Null, Parameter.Null.ParameterType);
        Assert.Equal(ParameterType.Object, Parameter.CreateNestedParameter(("a", Parameter.FromInt(1))).ParameterType);
        Assert.Equal(ParameterType.Array, Parameter.FromArray([Parameter.FromInt(1)]).ParameterType);
    }

    [Fact]
    public void FromDouble_NonFinite_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parameter.FromDouble(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Parameter.FromDouble(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => Parameter.FromFloat(float.NegativeInfinity));
    }

    [Fact]
    public void FromFloat_StoresTheShortestDecimal_AndReadsBackTheSameFloat()
    {
        var parameter = Parameter.FromFloat(0.1f);

        Assert.Equal("0.1", parameter.ToJson());
        Assert.Equal(0.1f, parameter.AsType<float>());
    }

    [Fact]
    public void Indexer_MissingKey_ThrowsKeyNotFoundNamingTheKey()
    {
        var parameter = Parameter.CreateNestedParameter(("depth", Parameter.FromInt(3)));

        var exception = Assert.Throws<KeyNotFoundException>(() => parameter["width"]);

        Assert.Contains("'width'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("depth", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_OnAValue_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => Parameter.FromInt(1)["a"]);
        Assert.Throws<InvalidOperationException>(() => Parameter.FromInt(1)["a"] = Parameter.Null);
        Assert.False(Parameter.FromInt(1).ContainsKey("a"));
        Assert.Empty(Parameter.FromInt(1).Keys);
    }

    [Fact]
    public void Indexer_Set_AddsInInsertionOrderAndReplacesInPlace()
    {
        var parameter = Parameter.CreateObject();
        parameter["b"] = Parameter.FromInt(1);
        parameter["a"] = Parameter.FromInt(2);
        parameter["b"] = Parameter.FromInt(3);

        Assert.Equal(["b", "a"], parameter.Keys);
        Assert.Equal(3, parameter["b"].AsType<int>());
        Assert.True(parameter.ContainsKey("a"));
        Assert.Equal("{\"b\":3,\"a\":2}", parameter.ToJson());
    }

    [Fact]
    public void FromObject_DuplicateKey_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => Parameter.CreateNestedParameter(("k", Parameter.Null), ("k", Parameter.Null)));

        Assert.Contains("'k'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_ObjectsWithSameEntriesInAnotherOrder_AreEqualWithEqualHashes()
    {
        var left = Parameter.CreateNestedParameter(("a", Parameter.FromInt(1)), ("b", Parameter.FromArray([Parameter.FromString("x")])));
        var right = Parameter.CreateNestedParameter(("b", Parameter.FromArray([Parameter.FromString("x")])), ("a", Parameter.FromInt(1)));

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentValuesOrKinds_AreNotEqual()
    {
        Assert.NotEqual(Parameter.FromInt(1), Parameter.FromInt(2));
        Assert.NotEqual(Parameter.FromInt(1), Parameter.FromDouble(1.0));
        Assert.NotEqual(Parameter.FromString("1"), Parameter.FromInt(1));
        Assert.NotEqual(Parameter.FromBool(true), Parameter.FromBool(false));
        Assert.NotEqual(Parameter.FromArray([Parameter.FromInt(1), Parameter.FromInt(2)]), Parameter.FromArray([Parameter.FromInt(2), Parameter.FromInt(1)]));
        Assert.NotEqual(
            Parameter.CreateNestedParameter(("a", Parameter.FromInt(1))),
            Parameter.CreateNestedParameter(("a", Parameter.FromInt(1)), ("b", Parameter.Null)));
    }

    [Fact]
    public void Clone_IsDeep()
    {
        var original = Parameter.CreateNestedParameter(("inner", Parameter.CreateNestedParameter(("x", Parameter.FromInt(1)))));

        var copy = original.Clone();
        copy["inner"]["x"] = Parameter.FromInt(2);

        Assert.Equal(1, original["inner"]["x"].AsType<int>());
        Assert.NotEqual(original, copy);
    }

    [Fact]
    public void Json_RoundTrip_KeepsKindsOrderAndValues()
    {
        var parameter = Parameter.CreateNestedParameter(
            ("int", Parameter.FromInt(-7)),
            ("long", Parameter.FromLong(long.MinValue)),
            ("whole double", Parameter.FromDouble(2.0)),
            ("small", Parameter.FromDouble(1e-5)),
            ("big", Parameter.FromDouble(1.5e300)),
            ("third", Parameter.FromDouble(1.0 / 3)),
            ("text", Parameter.FromString("quote \" and ünïcode")),
            ("flag", Parameter.FromBool(false)),
            ("nothing", Parameter.Null),
            ("list", Parameter.FromArray([Parameter.FromInt(1), Parameter.FromDouble(1.0), Parameter.CreateObject()])));

        string json = parameter.ToJson();
        var back = Parameter.FromJson(json);

        Assert.Equal(parameter, back);
        Assert.Equal(parameter.Keys, back.Keys);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(ParameterType.Number, back["whole double"].ParameterType);
        Assert.Equal(1.0 / 3, back["third"].AsType<double>());
        Assert.Equal(parameter, Parameter.FromJson(parameter.ToJson(indented: true)));
    }

    [Fact]
    public void Json_NumberWithoutFraction_IsInteger_AndWithFractionIsNumber()
    {
        Assert.Equal(ParameterType.Integer, Parameter.FromJson("12").ParameterType);
        Assert.Equal(ParameterType.Number, Parameter.FromJson("12.0").ParameterType);
        Assert.Equal(ParameterType.Number, Parameter.FromJson("1e3").ParameterType);
        Assert.Equal(ParameterType.Number, Parameter.FromJson("123456789012345678901234567890").ParameterType);
        Assert.Equal("2.0", Parameter.FromDouble(2).ToJson());
    }

    [Fact]
    public void FromJson_DuplicateKeyOrInvalidText_ThrowsJsonException()
    {
        var duplicate = Assert.Throws<JsonException>(() => Parameter.FromJson("{\"a\":1,\"a\":2}"));
        Assert.Contains("'a'", duplicate.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => Parameter.FromJson("{\"a\":"));
    }

    [Fact]
    public void JsonNode_RoundTrip_GivesAnEqualParameter()
    {
        var parameter = Parameter.CreateNestedParameter(("a", Parameter.FromDouble(0.25)), ("b", Parameter.FromArray([Parameter.FromBool(true)])));

        JsonNode? node = parameter.ToJsonNode();

        Assert.Equal(0.25, node!["a"]!.GetValue<double>());
        Assert.Equal(parameter, Parameter.FromJsonNode(node));
        Assert.Equal(Parameter.Null, Parameter.FromJsonNode(null));
    }

    [Fact]
    public void AsType_Primitives_ConvertFromMatchingKinds()
    {
        Assert.Equal(3, Parameter.FromInt(3).AsType<int>());
        Assert.Equal(3L, Parameter.FromInt(3).AsType<long>());
        Assert.Equal(3.0, Parameter.FromInt(3).AsType<double>());
        Assert.Equal(4, Parameter.FromDouble(4.0).AsType<int>());
        Assert.Equal(0.5, Parameter.FromDouble(0.5).AsType<double>());
        Assert.Equal(0.5f, Parameter.FromDouble(0.5).AsType<float>());
        Assert.Equal(0.5m, Parameter.FromDouble(0.5).AsType<decimal>());
        Assert.True(Parameter.FromBool(true).AsType<bool>());
        Assert.Equal("relu", Parameter.FromString("relu").AsType<string>());
        Assert.Equal(5, Parameter.FromInt(5).AsType<int?>());
        Assert.Null(Parameter.Null.AsType<int?>());
        Assert.Null(Parameter.Null.AsType<string>());
    }

    [Fact]
    public void AsType_MismatchedKinds_ThrowInvalidCastWithReason()
    {
        Assert.Throws<InvalidCastException>(() => Parameter.FromDouble(0.5).AsType<int>());
        Assert.Throws<InvalidCastException>(() => Parameter.FromString("3").AsType<int>());
        Assert.Throws<InvalidCastException>(() => Parameter.FromInt(1).AsType<string>());
        Assert.Throws<InvalidCastException>(() => Parameter.FromInt(1).AsType<bool>());
        Assert.Throws<InvalidCastException>(() => Parameter.Null.AsType<int>());
        var overflow = Assert.Throws<InvalidCastException>(() => Parameter.FromLong(1L << 40).AsType<int>());
        Assert.Contains("out of range", overflow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsType_Enums_ReadMemberNamesAndIntegers()
    {
        Assert.Equal(Activation.HSwish, Parameter.FromEnum(Activation.HSwish).AsType<Activation>());
        Assert.Equal(Activation.Gelu, Parameter.FromString("Gelu").AsType<Activation>());
        Assert.Equal(Activation.HSwish, Parameter.FromInt(1).AsType<Activation>());
        var unknown = Assert.Throws<InvalidCastException>(() => Parameter.FromString("Tanh").AsType<Activation>());
        Assert.Contains("Tanh", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidCastException>(() => Parameter.FromString("1").AsType<Activation>());
    }

    [Fact]
    public void AsType_Arrays_AndLists()
    {
        var parameter = Parameter.FromArray([Parameter.FromInt(1), Parameter.FromInt(2), Parameter.FromInt(3)]);

        Assert.Equal([1, 2, 3], parameter.AsType<int[]>());
        Assert.Equal([1.0, 2.0, 3.0], parameter.AsType<List<double>>());
        Assert.Equal(
            [Activation.Relu, Activation.Gelu],
            Parameter.FromArray([Parameter.FromString("Relu"), Parameter.FromString("Gelu")]).AsType<Activation[]>());
        Assert.Throws<InvalidCastException>(() => Parameter.FromArray([Parameter.FromString("x")]).AsType<int[]>());
    }

    [Fact]
    public void AsType_OptionClass_FillsPropertiesIncludingNestedAndRenamed()
    {
        var parameter = Parameter.CreateNestedParameter(
            ("Epochs", Parameter.FromInt(12)),
            ("LearningRate", Parameter.FromDouble(0.003)),
            ("Dropout", Parameter.FromFloat(0.2f)),
            ("Activation", Parameter.FromEnum(Activation.HSwish)),
            ("Widths", Parameter.FromArray([Parameter.FromInt(16), Parameter.FromInt(32)])),
            ("Stem", Parameter.CreateNestedParameter(("Channels", Parameter.FromInt(24)), ("use_se", Parameter.FromBool(true)))));

        var options = parameter.AsType<TrainingOptions>();

        Assert.Equal(12, options.Epochs);
        Assert.Equal(0.003, options.LearningRate);
        Assert.Equal(0.2f, options.Dropout);
        Assert.Equal(Activation.HSwish, options.Activation);
        Assert.Equal([16, 32], options.Widths);
        Assert.Equal(24, options.Stem.Channels);
        Assert.True(options.Stem.UseSE);
        Assert.Equal("initial", options.Untouched);
    }

    [Fact]
    public void AsType_OptionClassFromWrongShape_ThrowsInvalidCast()
    {
        var parameter = Parameter.CreateNestedParameter(("Epochs", Parameter.FromString("many")));

        var exception = Assert.Throws<InvalidCastException>(() => parameter.AsType<TrainingOptions>());

        Assert.Contains(nameof(TrainingOptions), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromValue_IsTheInverseOfAsType()
    {
        var options = new TrainingOptions
        {
            Epochs = 3,
            LearningRate = 0.5,
            Dropout = 0.1f,
            Activation = Activation.Gelu,
            Widths = [8],
            Stem = new StemOptions { Channels = 4, UseSE = true },
        };

        var parameter = Parameter.FromValue(options);
        var back = parameter.AsType<TrainingOptions>();

        Assert.Equal("Gelu", parameter["Activation"].AsType<string>());
        Assert.True(parameter["Stem"]["use_se"].AsType<bool>());
        Assert.Equal(options.LearningRate, back.LearningRate);
        Assert.Equal(options.Dropout, back.Dropout);
        Assert.Equal(options.Stem.Channels, back.Stem.Channels);
        Assert.Equal(Parameter.FromInt(7), Parameter.FromValue(7));
        Assert.Equal(Parameter.FromString("Relu"), Parameter.FromValue(Activation.Relu));
        Assert.Equal(Parameter.Null, Parameter.FromValue<string?>(null));
    }
}
