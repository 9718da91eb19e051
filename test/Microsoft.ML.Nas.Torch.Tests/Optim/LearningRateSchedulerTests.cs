using System.Globalization;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.Optim;

namespace Microsoft.ML.Nas.Torch.Tests.Optim;

public sealed class LearningRateSchedulerTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void CosineAnnealingWithWarmup_MatchesPyTorchLambdaLRForEveryGroup()
    {
        var golden = GoldenValues.Case("optim", "cosine_warmup");
        using var optimizer = TwoGroupSgd(0.1, 0.02);

        var scheduler = new CosineAnnealingWithWarmup(
            optimizer, (int)golden.Number("warmup"), (int)golden.Number("total"), golden.Number("min_lr"));

        AssertSequence(golden, optimizer, scheduler);
    }

    [Fact]
    public void StepLR_MatchesPyTorch()
    {
        var golden = GoldenValues.Case("optim", "step_lr");
        using var optimizer = TwoGroupSgd(0.1, 0.04);

        var scheduler = new StepLR(optimizer, stepSize: 3, gamma: 0.5);

        AssertSequence(golden, optimizer, scheduler);
    }

    [Fact]
    public void OneCycleLR_WithSgd_MatchesPyTorchLearningRatesAndMomentum()
    {
        var golden = GoldenValues.Case("optim", "one_cycle_sgd");
        using var optimizer = TwoGroupSgd(0.1, 0.05, momentum: 0.9);

        var scheduler = new OneCycleLR(optimizer, maxLearningRate: 1.0, totalSteps: 10);

        AssertSequence(golden, optimizer, scheduler);
    }

    [Fact]
    public void OneCycleLR_LinearThreePhaseWithAdam_MatchesPyTorchLearningRatesAndBeta1()
    {
        var golden = GoldenValues.Case("optim", "one_cycle_adam_linear_three_phase");
        using var p0 = Parameter();
        using var p1 = Parameter();
        using var optimizer = new Adam(
            [new ParameterGroup([p0]) { LearningRate = 0.2 }, new ParameterGroup([p1]) { LearningRate = 0.1 }]);

        var scheduler = new OneCycleLR(
            optimizer, maxLearningRate: 0.4, totalSteps: 12, pctStart: 0.25, annealStrategy: AnnealStrategy.Linear,
            baseMomentum: 0.8, maxMomentum: 0.9, divFactor: 10, finalDivFactor: 100, threePhase: true);

        // PyTorch extrapolates the linear phase past its end at step N = 12 (to a negative rate); NasML clamps there.
        AssertSequence(golden, optimizer, scheduler, steps: 12);
        scheduler.Step();
        Assert.Equal(0.4 / 10 / 100, scheduler.LearningRate, Tolerance);
        Assert.Equal(0.2 / 10 / 100, optimizer.ParameterGroups[1].LearningRate, Tolerance);
        Assert.Equal(0.9, optimizer.ParameterGroups[1].Momentum, Tolerance);
    }

    [Fact]
    public void OneCycleLR_SteppedPastItsLength_Throws()
    {
        using var optimizer = TwoGroupSgd(0.1, 0.1);
        var scheduler = new OneCycleLR(optimizer, maxLearningRate: 1.0, totalSteps: 3);
        for (var step = 0; step < 3; step++)
        {
            scheduler.Step();
        }

        var error = Assert.Throws<InvalidOperationException>(scheduler.Step);
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
            scheduler.Step();
        }

        Assert.Equal(0.01, scheduler.LearningRate, Tolerance);
        Assert.Equal(0.01, optimizer.ParameterGroups[1].LearningRate, Tolerance);
        Assert.Equal(10, scheduler.StepCount);
    }

    [Fact]
    public void Schedulers_ArgumentsOutOfRange_ThrowNamingTheArgument()
    {
        using var optimizer = TwoGroupSgd(0.1, 0.1);

        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(optimizer, 0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(optimizer, 1, -1)).ParamName);
        Assert.Equal("totalSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWithWarmup(optimizer, 5, 4)).ParamName);
        Assert.Equal("pctStart", Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, 1, 10, pctStart: 1.5)).ParamName);
        Assert.Equal("maxLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, 0, 10)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new StepLR(null!, 1));
    }

    private static void AssertSequence(
        GoldenCase golden, Optimizer optimizer, LearningRateScheduler scheduler, int? steps = null)
    {
        var learningRates = golden.Values("lr");
        var groups = optimizer.ParameterGroups.Count;
        var hasMomentum = golden.Element.TryGetProperty("momentum", out _);
        var momenta = hasMomentum ? golden.Values("momentum") : [];
        var count = steps ?? (learningRates.Length / groups);
        for (var step = 0; step < count; step++)
        {
            if (step > 0)
            {
                optimizer.Step();
                scheduler.Step();
            }

            Assert.Equal(learningRates[step * groups], scheduler.LearningRate, Tolerance);
            for (var group = 0; group < groups; group++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"{golden.Name} step {step} group {group}");
                AssertClose(learningRates[(step * groups) + group], optimizer.ParameterGroups[group].LearningRate, where + " lr");
                if (hasMomentum)
                {
                    AssertClose(momenta[(step * groups) + group], optimizer.ParameterGroups[group].Momentum, where + " momentum");
                }
            }
        }
    }

    private static void AssertClose(double expected, double actual, string where)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{where}: expected {expected:R}, got {actual:R}"));
        }
    }

    private static Tensor Parameter()
    {
        var parameter = Tensor.Zeros([2]);
        parameter.RequiresGrad = true;
        return parameter;
    }

    private static Sgd TwoGroupSgd(double lr0, double lr1, double momentum = 0)
    {
        // The optimizer keeps the parameters alive natively, so the managed handles can go at once.
        using var p0 = Parameter();
        using var p1 = Parameter();
        return new Sgd(
            [new ParameterGroup([p0]) { LearningRate = lr0 }, new ParameterGroup([p1]) { LearningRate = lr1 }],
            learningRate: 0.1,
            momentum: momentum);
    }
}
