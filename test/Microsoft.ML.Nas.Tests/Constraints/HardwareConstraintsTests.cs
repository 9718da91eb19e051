using Microsoft.ML.Nas.Constraints;

namespace Microsoft.ML.Nas.Tests.Constraints;

public sealed class HardwareConstraintsTests
{
    [Fact]
    public void FluentBuilder_CollectsOneConstraintPerCostName()
    {
        var constraints = HardwareConstraints.MaxLatency(TimeSpan.FromMilliseconds(1.5))
            .AndMaxParameters(250_000)
            .AndMaxMacs(1_000_000)
            .AndMaxPeakMemory(4096)
            .And("energyJoules", 0.25, ConstraintPolicy.Objective);

        Assert.Equal(
            [CostNames.LatencyMilliseconds, CostNames.Parameters, CostNames.Macs, CostNames.PeakMemoryBytes, "energyJoules"],
            constraints.Constraints.Select(c => c.CostName));
        Assert.Equal([1.5, 250_000, 1_000_000, 4096, 0.25], constraints.Constraints.Select(c => c.MaxValue));
        Assert.Equal(ConstraintPolicy.Reject, constraints.Constraints[0].Policy);
        Assert.Equal(ConstraintPolicy.Objective, constraints.Constraints[4].Policy);
    }

    [Fact]
    public void And_SameCostName_ReplacesTheEarlierBoundAndLeavesTheOriginalUnchanged()
    {
        var original = HardwareConstraints.MaxParameters(100);

        var replaced = original.AndMaxParameters(50);

        Assert.Equal(100, Assert.Single(original.Constraints).MaxValue);
        Assert.Equal(50, Assert.Single(replaced.Constraints).MaxValue);
    }

    [Fact]
    public void WithPolicy_AppliesToEveryConstraint()
    {
        var constraints = HardwareConstraints.MaxParameters(10).AndMaxMacs(20).WithPolicy(ConstraintPolicy.Penalty, 3);

        Assert.All(constraints.Constraints, c =>
        {
            Assert.Equal(ConstraintPolicy.Penalty, c.Policy);
            Assert.Equal(3, c.PenaltyWeight);
        });
    }

    [Fact]
    public void Builders_RejectInvalidBounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HardwareConstraints.MaxLatency(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => HardwareConstraints.MaxParameters(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HardwareConstraints.Max("x", double.NaN));
        Assert.Throws<ArgumentException>(() => HardwareConstraints.Max(" ", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CostConstraint("x", 1, (ConstraintPolicy)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CostConstraint("x", 1, ConstraintPolicy.Penalty, -1));
    }

    [Theory]
    [InlineData(100, 100, 0)]
    [InlineData(50, 100, 0)]
    [InlineData(150, 100, 1)] // weight 2 × (150 − 100) / 100
    [InlineData(300, 100, 4)]
    public void PenaltyFor_IsTheWeightedRelativeExcess(double value, double limit, double expected)
    {
        var constraint = new CostConstraint("c", limit, ConstraintPolicy.Penalty, penaltyWeight: 2);

        Assert.Equal(expected, constraint.PenaltyFor(value), 12);
    }

    [Fact]
    public void PenaltyFor_ZeroLimit_UsesTheAbsoluteExcessAndNaNIsInfinite()
    {
        var constraint = new CostConstraint("c", 0, ConstraintPolicy.Penalty);

        Assert.Equal(3, constraint.PenaltyFor(3));
        Assert.Equal(double.PositiveInfinity, constraint.PenaltyFor(double.NaN));
        Assert.False(constraint.IsSatisfiedBy(double.NaN));
    }
}
