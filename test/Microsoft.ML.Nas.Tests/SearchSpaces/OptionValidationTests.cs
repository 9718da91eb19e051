using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

public sealed class OptionValidationTests
{
    public static TheoryData<string, string, string> InvalidDefinitions => new()
    {
        // case, expected exception message fragment, option named in the message
        { "int min == max", "min (3) must be less than max (3)", "UniformIntOption" },
        { "int min > max", "min (8) must be less than max (1)", "UniformIntOption" },
        { "int log min 0", "log-scale range needs min > 0", "UniformIntOption [0, 8]" },
        { "int default outside", "default value 9 is outside the range", "UniformIntOption [1, 8]" },
        { "double min > max", "min (1.0) must be less than max (0.5)", "UniformDoubleOption" },
        { "double NaN min", "must be finite", "UniformDoubleOption [NaN, 1.0]" },
        { "double infinite max", "must be finite", "UniformDoubleOption [0.0, Infinity]" },
        { "double log negative", "log-scale range needs min > 0", "UniformDoubleOption [-1.0, 1.0]" },
        { "double default outside", "default value 2.0 is outside the range", "UniformDoubleOption [0.0, 1.0]" },
        { "double default NaN", "default value NaN is outside the range", "UniformDoubleOption [0.0, 1.0]" },
        { "double overflowing range", "max - min overflows", "UniformDoubleOption" },
        { "float min > max", "must be less than max", "UniformSingleOption" },
        { "float NaN max", "must be finite", "UniformSingleOption" },
        { "float log zero", "log-scale range needs min > 0", "UniformSingleOption [0, 1]" },
        { "choice empty", "needs at least one value", "ChoiceOption" },
        { "choice duplicate", "the value \"relu\" occurs more than once", "ChoiceOption [\"relu\", \"gelu\", \"relu\"]" },
        { "choice duplicate numeric", "the value 1.0 occurs more than once", "ChoiceOption [1, 1.0]" },
        { "choice default missing", "default value \"tanh\" is not one of the values", "ChoiceOption [\"relu\", \"gelu\"]" },
        { "space duplicate key", "already has the key 'depth'", "search space" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void InvalidDefinition_ThrowsArgumentException_NamingTheOptionAndValues(string definition, string reason, string optionName)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => Build(definition));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Contains(optionName, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangeErrors_UseArgumentOutOfRange_WhereAValueIsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformIntOption(1, 8, defaultValue: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformDoubleOption(0, 1, logBase: true));
        Assert.Throws<ArgumentException>(() => new UniformIntOption(2, 1));
    }

    private static object Build(string definition) => definition switch
    {
        "int min == max" => new UniformIntOption(3, 3),
        "int min > max" => new UniformIntOption(8, 1),
        "int log min 0" => new UniformIntOption(0, 8, logBase: true),
        "int default outside" => new UniformIntOption(1, 8, defaultValue: 9),
        "double min > max" => new UniformDoubleOption(1, 0.5),
        "double NaN min" => new UniformDoubleOption(double.NaN, 1),
        "double infinite max" => new UniformDoubleOption(0, double.PositiveInfinity),
        "double log negative" => new UniformDoubleOption(-1, 1, logBase: true),
        "double default outside" => new UniformDoubleOption(0, 1, defaultValue: 2),
        "double default NaN" => new UniformDoubleOption(0, 1, defaultValue: double.NaN),
        "double overflowing range" => new UniformDoubleOption(-double.MaxValue, double.MaxValue),
        "float min > max" => new UniformSingleOption(1f, 0f),
        "float NaN max" => new UniformSingleOption(0f, float.NaN),
        "float log zero" => new UniformSingleOption(0f, 1f, logBase: true),
        "choice empty" => new ChoiceOption(Array.Empty<string>()),
        "choice duplicate" => new ChoiceOption("relu", "gelu", "relu"),
        "choice duplicate numeric" => new ChoiceOption(Parameter.FromInt(1), Parameter.FromDouble(1.0)),
        "choice default missing" => new ChoiceOption(["relu", "gelu"], "tanh"),
        "space duplicate key" => new SearchSpace { { "depth", new BooleanOption() }, { "depth", new BooleanOption() } },
        _ => throw new InvalidOperationException(definition),
    };
}
