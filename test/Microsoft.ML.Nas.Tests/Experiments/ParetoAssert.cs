using Microsoft.ML.Nas.Experiments;

namespace Microsoft.ML.Nas.Tests.Experiments;

/// <summary>Brute-force checks of a Pareto front against the trials it was drawn from.</summary>
internal static class ParetoAssert
{
    public static bool Dominates(IReadOnlyList<double> left, IReadOnlyList<double> right) =>
        left.Zip(right).All(pair => pair.First <= pair.Second) && left.Zip(right).Any(pair => pair.First < pair.Second);

    /// <summary>Asserts no candidate dominates a front member, and every candidate off the front is dominated by a member.</summary>
    public static void IsParetoFront(IReadOnlyList<TrialResult> front, IReadOnlyList<TrialResult> candidates)
    {
        Assert.NotEmpty(front);
        foreach (var member in front)
        {
            Assert.Contains(member, candidates);
            Assert.DoesNotContain(candidates, other => Dominates(other.Objectives!, member.Objectives!));
        }

        foreach (var other in candidates.Except(front))
        {
            Assert.Contains(front, member => Dominates(member.Objectives!, other.Objectives!) || member.Objectives!.SequenceEqual(other.Objectives!));
        }
    }
}
