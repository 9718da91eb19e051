using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class UnitCubeTests
{
    [Fact]
    public void LevelsOf_EachOptionKind_FindsTheCanonicalLevelPositions()
    {
        var cube = new UnitCube(ConformanceSpace.Create());

        // layers (int 1..8), learningRate (log double), activation (3 choices), batchNorm, block choice, kernel, expand.
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i / 7.0), cube.LevelsOf(0)!, new ToleranceComparer());
        Assert.Null(cube.LevelsOf(1));
        Assert.Equal([1 / 6.0, 3 / 6.0, 5 / 6.0], cube.LevelsOf(2)!, new ToleranceComparer());
        Assert.Equal([0.25, 0.75], cube.LevelsOf(3)!, new ToleranceComparer());
        Assert.Equal([0.25, 0.75], cube.LevelsOf(4)!, new ToleranceComparer());
        Assert.Equal(3, cube.LevelsOf(5)!.Length);
        Assert.Equal(6, cube.LevelsOf(6)!.Length);
    }

    [Fact]
    public void LevelsOf_DimensionInactiveAtTheDefault_IsProbedWhereItIsActive()
    {
        // The default block is "identity", so the conv kernel is inactive at the default point.
        var space = new SearchSpace
        {
            ["block"] = new ChoiceOption(
                [new ChoiceValue("conv", new SearchSpace { ["kernel"] = new ChoiceOption(3, 5, 7, 9) }), new ChoiceValue("identity")],
                Parameter.FromString("identity")),
        };

        var cube = new UnitCube(space);

        Assert.Equal([0.125, 0.375, 0.625, 0.875], cube.LevelsOf(1)!, new ToleranceComparer());
    }

    [Fact]
    public void OtherLevel_ReturnsADifferentLevel()
    {
        var cube = new UnitCube(new SearchSpace { ["c"] = new ChoiceOption("a", "b", "c") });
        var random = new Random(1);

        for (var i = 0; i < 50; i++)
        {
            var other = cube.OtherLevel(0, 0.5, random);
            Assert.NotNull(other);
            Assert.NotEqual(0.5, other!.Value, 9);
        }
    }

    [Fact]
    public void Canonicalize_OutOfRangeOrNaNCoordinates_AreClampedIntoTheSpace()
    {
        var space = ConformanceSpace.Create();
        var cube = new UnitCube(space);

        var point = cube.Canonicalize([-3, 2, double.NaN, 0.5, 1.5, -1, 0.5]);

        TunerHarness.AssertInside(space, point.Parameter);
        Assert.All(point.Vector, x => Assert.InRange(x, 0.0, 1.0));
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
