using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

/// <summary>
/// NasML's own schedules on TorchSharp's <c>LRScheduler</c> against PyTorch's (TestData/optim.json): the warm-up cosine
/// as a <c>LambdaLR</c>, the one-cycle policy as PyTorch's <c>OneCycleLR</c> with a per-group <c>max_lr</c> list.
/// </summary>
public sealed class LearningRateSchedulerTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void CosineAnnealingWithWarmup_MatchesPyTorchLambdaLRForEveryGroup()
    {
        var golden = OptimGolden.Case("cosine_warmup");
        using var optimizer = TwoGroupSgd(0.1, 0.02);

        var scheduler = new CosineAnnealingWithWarmup(
            optimizer, (int)golden.Number("warmup"), (int)golden.Number("total"), golden.Number("min_lr"));

        AssertSequence(golden, "cosine_warmup", optimizer, scheduler);
    }

    [Fact]
    public void OneCycleLR_WithSgd_MatchesPyTorchLearningRatesAndMomentum()
    {
        var golden = OptimGolden.Case("one_cycle_sgd");
        using var optimizer = TwoGroupSgd(0.1, 0.05, momentum: 0.9);

        var scheduler = new OneCycleLR(optimizer, maxLearningRate: 1.0, totalSteps: 10);

        AssertSequence(golden, "one_cycle_sgd", optimizer, scheduler);
    }

    [Fact]
    public void OneCycleLR_LinearThreePhaseWithAdam_MatchesPyTorchLearningRatesAndBeta1()
    {
        var golden = OptimGolden.Case("one_cycle_adam_linear_three_phase");
        using var optimizer = optim.Adam(
            [new Adam.ParamGroup([Parameter()], 0.2, 0.9, 0.999, 1e-8, 0, false, false), new Adam.ParamGroup([Parameter()], 0.1, 0.9, 0.999, 1e-8, 0, false, false)],
            0.1);

        var scheduler = new OneCycleLR(
            optimizer, maxLearningRate: 0.4, totalSteps: 12, pctStart: 0.25, annealStrategy: AnnealStrategy.Linear,
            baseMomentum: 0.8, maxMomentum: 0.9, divFactor: 10, finalDivFactor: 100, threePhase: true);

        // PyTorch extrapolates the linear phase past its end at step N = 12 (to a negative rate); NasML clamps there.
        AssertSequence(golden, "one_cycle_adam_linear_three_phase", optimizer, scheduler, steps: 12);
        scheduler.step();
        Assert.Equal(0.4 / 10 / 100, scheduler.LearningRate, Tolerance);
        var groups = optimizer.ParamGroups.ToArray();
        Assert.Equal(0.2 / 10 / 100, groups[1].LearningRate, Tolerance);
        Assert.Equal(0.9, Momentum(groups[1]), Tolerance);
    }

    [Fact]
    public void OneCycleLR_SteppedPastItsLength_Throws()
    {
        using var optimizer = TwoGroupSgd(0.1, 0.1);
        var scheduler = new OneCycleLR(optimizer, maxLearningRate: 1.0, totalSteps: 3);
        for (var step = 0; step < 3; step++)
        {
            scheduler.step();
        }

        var error = Assert.Throws<InvalidOperationException>(scheduler.step);
        Assert.Contains("3 steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CosineAnnealingWithWarmup_AfterTotalSteps_StaysAtMinimum()
    {
        using var optimizer = TwoGroupSgd(0.5, 0.5);
        var scheduler = new CosineAnnealingWithWarmup(optimizer, warmupSteps: 0, totalSteps: 4, minLearningRate: 0.01);
        Assert.Equal(0.5, scheduler.LearningRate, Tolerance);
        for (var step = 0; step < 10; step++)
        {
            scheduler.step();
        }

        Assert.Equal(0.01, scheduler.LearningRate, Tolerance);
        Assert.Equal(0.01, optimizer.ParamGroups.ToArray()[1].LearningRate, Tolerance);
        Assert.Equal([0.01, 0.01], scheduler.get_last_lr().ToArray());
        Assert.Equal(10, scheduler.StepCount);
    }

    [Fact]
    public void Schedulers_ArgumentsOutOfRange_ThrowNamingTheArgument()
    {
        using var optimizer = TwoGroupSgd(0.1, 0.1);

        Assert.Equal("totalSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWithWarmup(optimizer, 5, 4)).ParamName);
        Assert.Equal("minLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWithWarmup(optimizer, 0, 4, -1)).ParamName);
        Assert.Equal("pctStart", Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, 1, 10, pctStart: 1.5)).ParamName);
        Assert.Equal("maxLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, 0, 10)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new OneCycleLR(null!, 1, 10));
        Assert.Throws<NotSupportedException>(() => new CosineAnnealingWithWarmup(optimizer, 0, 4).step(3));
    }

    private static void AssertSequence(JsonElement golden, string name, optim.Optimizer optimizer, LearningRateScheduler scheduler, int? steps = null)
    {
        var learningRates = golden.Values("lr");
        var groups = optimizer.ParamGroups.ToArray();
        var hasMomentum = golden.TryGetProperty("momentum", out _);
        var momenta = hasMomentum ? golden.Values("momentum") : [];
        var count = steps ?? (learningRates.Length / groups.Length);
        for (var step = 0; step < count; step++)
        {
            if (step > 0)
            {
                optimizer.step();
                scheduler.step();
            }

            Assert.Equal(learningRates[step * groups.Length], scheduler.LearningRate, Tolerance);
            for (var group = 0; group < groups.Length; group++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"{name} step {step} group {group}");
                AssertClose(learningRates[(step * groups.Length) + group], groups[group].LearningRate, where + " lr");
                if (hasMomentum)
                {
                    AssertClose(momenta[(step * groups.Length) + group], Momentum(groups[group]), where + " momentum");
                }
            }
        }
    }

    private static double Momentum(optim.ILearningRateController group) => group switch
    {
        optim.IBetas betas => betas.Betas.Item1,
        optim.IMomentum momentum => momentum.Momentum,
        _ => throw new InvalidOperationException("The group has no momentum."),
    };

    private static void AssertClose(double expected, double actual, string where)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{where}: expected {expected:R}, got {actual:R}"));
        }
    }

    private static Parameter Parameter() => new(torch.zeros(2));

    private static SGD TwoGroupSgd(double lr0, double lr1, double momentum = 0) => optim.SGD(
        [new SGD.ParamGroup([Parameter()], lr0, momentum, 0, 0, false, false), new SGD.ParamGroup([Parameter()], lr1, momentum, 0, 0, false, false)],
        learningRate: 0.1,
        momentum: momentum);
}
