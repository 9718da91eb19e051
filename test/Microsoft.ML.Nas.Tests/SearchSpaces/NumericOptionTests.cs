using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.SearchSpaces;

public sealed class NumericOptionTests
{
    public static TheoryData<string, int> Options => new()
    {
        { "int", 11 },
        { "int log", 12 },
        { "int negative", 13 },
        { "double", 14 },
        { "double log", 15 },
        { "double wide", 16 },
        { "float", 17 },
        { "float log", 18 },
        { "bool", 19 },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void RoundTrip_ManyRandomPoints_IsExact(string name, int seed)
    {
        RoundTripAssert.FeatureToParameterToFeature(Create(name), count: 2000, seed);
    }

    [Fact]
    public void Int_Linear_SamplesEveryValueAndOnlyValuesInRange()
    {
        var option = new UniformIntOption(-2, 3);

        var seen = RoundTripAssert.FeatureToParameterToFeature(option, count: 500, seed: 1).Select(p => p.AsType<int>()).ToHashSet();

        Assert.Equal([-2, -1, 0, 1, 2, 3], seen.Order());
    }

    [Fact]
    public void Int_Linear_EndsAndMidpointMapAsDocumented()
    {
        var option = new UniformIntOption(1, 9);

        Assert.Equal(1, option.SampleFromFeatureSpace([0.0]).AsType<int>());
        Assert.Equal(9, option.SampleFromFeatureSpace([1.0]).AsType<int>());
        Assert.Equal(5, option.SampleFromFeatureSpace([0.5]).AsType<int>());
        Assert.Equal([0.25], option.MappingToFeatureSpace(Parameter.FromInt(3)));
        Assert.Equal([1.0 / 8], option.Step.Cast<double>());
        Assert.Equal(5, option.DefaultValue);
        Assert.Equal([0.5], option.Default);
    }

    [Fact]
    public void Int_Linear_MovingOneStepChangesTheValueByOne()
    {
        var option = new UniformIntOption(0, 37);
        double step = option.Step[0]!.Value;

        for (int value = 0; value < 37; value++)
        {
            double x = option.MappingToFeatureSpace(Parameter.FromInt(value))[0];
            Assert.Equal(value + 1, option.SampleFromFeatureSpace([Math.Min(1, x + step)]).AsType<int>());
        }
    }

    [Fact]
    public void Int_Log_IsDenseAtTheLowEndAndHasNoStep()
    {
        var option = new UniformIntOption(1, 1024, logBase: true);

        Assert.Equal(32, option.SampleFromFeatureSpace([0.5]).AsType<int>());
        Assert.Equal([0.5], option.MappingToFeatureSpace(Parameter.FromInt(32)));
        Assert.Null(option.Step[0]);
        var values = RoundTripAssert.FeatureToParameterToFeature(option, count: 1000, seed: 2).Select(p => p.AsType<int>()).ToList();
        Assert.All(values, v => Assert.InRange(v, 1, 1024));
        Assert.InRange(values.Count(v => v <= 32), 400, 600); // half the cube lies below the geometric midpoint
    }

    [Fact]
    public void Int_Default_IsTheGivenValueOrTheMidpoint()
    {
        var withDefault = new UniformIntOption(1, 8, defaultValue: 2);

        Assert.Equal(2, withDefault.SampleFromFeatureSpace(withDefault.Default).AsType<int>());
        Assert.Equal(5, new UniformIntOption(1, 8).SampleFromFeatureSpace(new UniformIntOption(1, 8).Default).AsType<int>());
    }

    [Fact]
    public void Int_Mapping_AcceptsAWholeNumberAndRejectsFractionsAndOutOfRange()
    {
        var option = new UniformIntOption(1, 8);

        Assert.Equal(option.MappingToFeatureSpace(Parameter.FromInt(4)), option.MappingToFeatureSpace(Parameter.FromDouble(4.0)));
        var fraction = Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromDouble(4.5)));
        Assert.Contains("UniformIntOption [1, 8]", fraction.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => option.MappingToFeatureSpace(Parameter.FromInt(9)));
        Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromString("4")));
    }

    [Fact]
    public void Double_Linear_EndsAreExactAndMidpointIsTheMean()
    {
        var option = new UniformDoubleOption(0.1, 0.3);

        Assert.Equal(0.1, option.SampleFromFeatureSpace([0.0]).AsType<double>());
        Assert.Equal(0.3, option.SampleFromFeatureSpace([1.0]).AsType<double>());
        Assert.Equal(0.2, option.SampleFromFeatureSpace([0.5]).AsType<double>(), 12);
        Assert.Null(option.Step[0]);
    }

    [Fact]
    public void Double_Log_MidpointIsTheGeometricMean_AndDecadesGetEqualShares()
    {
        var option = new UniformDoubleOption(1e-4, 1e-1, logBase: true);

        Assert.Equal(Math.Sqrt(1e-4 * 1e-1), option.SampleFromFeatureSpace([0.5]).AsType<double>(), 1e-12);
        Assert.Equal(1e-4, option.SampleFromFeatureSpace([0.0]).AsType<double>());
        Assert.Equal(1e-1, option.SampleFromFeatureSpace([1.0]).AsType<double>());
        Assert.Equal(1.0 / 3, option.MappingToFeatureSpace(Parameter.FromDouble(1e-3))[0], 12);
        var values = RoundTripAssert.FeatureToParameterToFeature(option, count: 3000, seed: 3).Select(p => p.AsType<double>()).ToList();
        Assert.InRange(values.Count(v => v < 1e-3), 850, 1150);
    }

    [Fact]
    public void Double_UserGivenValues_MapBackToThemselves()
    {
        var option = new UniformDoubleOption(1e-5, 1.0, logBase: true);

        foreach (double value in new[] { 1e-5, 3e-4, 0.001, 0.01, 0.1, 0.5, 1.0 })
        {
            var parameter = Parameter.FromDouble(value);
            Assert.Equal(parameter, option.SampleFromFeatureSpace(option.MappingToFeatureSpace(parameter)));
        }
    }

    [Fact]
    public void Double_Default_SamplesTheGivenValue()
    {
        var option = new UniformDoubleOption(1e-4, 1e-1, logBase: true, defaultValue: 1e-2);

        Assert.Equal(1e-2, option.SampleFromFeatureSpace(option.Default).AsType<double>());
        Assert.Equal(1e-2, option.DefaultValue);
    }

    [Fact]
    public void Double_Mapping_OutsideRange_Throws()
    {
        var option = new UniformDoubleOption(0, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => option.MappingToFeatureSpace(Parameter.FromDouble(1.5)));
        Assert.Equal([1.0], option.MappingToFeatureSpace(Parameter.FromInt(1)));
    }

    [Fact]
    public void Single_SamplesFloats_ThatReadBackAsTheSameFloat()
    {
        var option = new UniformSingleOption(0.0f, 0.5f);

        foreach (var parameter in RoundTripAssert.FeatureToParameterToFeature(option, count: 300, seed: 4))
        {
            float value = parameter.AsType<float>();
            Assert.InRange(value, 0.0f, 0.5f);
            Assert.Equal(Parameter.FromFloat(value), parameter);
        }
    }

    [Fact]
    public void Bool_SplitsTheIntervalInHalves()
    {
        var option = new BooleanOption();

        Assert.False(option.SampleFromFeatureSpace([0.49]).AsType<bool>());
        Assert.True(option.SampleFromFeatureSpace([0.5]).AsType<bool>());
        Assert.Equal([0.75], option.MappingToFeatureSpace(Parameter.FromBool(true)));
        Assert.Equal([0.25], option.Default);
        Assert.Equal([0.75], new BooleanOption(true).Default);
        Assert.Equal(0.5, option.Step[0]);
        Assert.Throws<ArgumentException>(() => option.MappingToFeatureSpace(Parameter.FromInt(1)));
    }

    [Fact]
    public void Sample_ClampsTinyExcess_AndRejectsRealExcess()
    {
        var option = new UniformIntOption(0, 10);

        Assert.Equal(10, option.SampleFromFeatureSpace([1 + 1e-12]).AsType<int>());
        Assert.Equal(0, option.SampleFromFeatureSpace([-1e-12]).AsType<int>());
        Assert.Throws<ArgumentOutOfRangeException>(() => option.SampleFromFeatureSpace([1.01]));
        Assert.Throws<ArgumentOutOfRangeException>(() => option.SampleFromFeatureSpace([double.NegativeInfinity]));
    }

    [Fact]
    public void Sample_WrongLengthOrNaN_ThrowsArgumentException()
    {
        var option = new UniformDoubleOption(0, 1);

        var length = Assert.Throws<ArgumentException>(() => option.SampleFromFeatureSpace([0.1, 0.2]));
        Assert.Contains("expected 1", length.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => option.SampleFromFeatureSpace([double.NaN]));
        Assert.Contains("NaN", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => option.SampleFromFeatureSpace(null!));
        Assert.Throws<ArgumentNullException>(() => option.MappingToFeatureSpace(null!));
    }

    private static OptionBase Create(string name) => name switch
    {
        "int" => new UniformIntOption(1, 8),
        "int log" => new UniformIntOption(1, 100_000, logBase: true),
        "int negative" => new UniformIntOption(-50, -3, defaultValue: -10),
        "double" => new UniformDoubleOption(-1.5, 2.25),
        "double log" => new UniformDoubleOption(1e-6, 10, logBase: true, defaultValue: 3e-4),
        "double wide" => new UniformDoubleOption(-1e6, 1e9, defaultValue: 333.3),
        "float" => new UniformSingleOption(-1f, 1f),
        "float log" => new UniformSingleOption(1e-4f, 1f, logBase: true),
        "bool" => new BooleanOption(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
