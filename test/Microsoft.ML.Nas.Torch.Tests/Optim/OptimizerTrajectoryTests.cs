using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.Optim;

namespace Microsoft.ML.Nas.Torch.Tests.Optim;

public sealed class OptimizerTrajectoryTests
{
    [Theory]
    [InlineData("sgd_plain")]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov")]
    [InlineData("sgd_weight_decay")]
    [InlineData("adam")]
    [InlineData("adam_amsgrad")]
    [InlineData("adamw")]
    [InlineData("sgd_groups")]
    [InlineData("adamw_groups")]
    [InlineData("adam_set_lr")]
    public void Step_FiveStepsOnFixedQuadratic_MatchesPyTorchTrajectory(string name)
    {
        var golden = GoldenValues.Case("optim", name);
        using var problem = new QuadraticProblem();
        using var optimizer = Create(name, problem.W, problem.B);

        for (var step = 1; step <= 5; step++)
        {
            optimizer.ZeroGrad();
            problem.Backward();
            optimizer.Step();
            golden.AssertClose($"w{step}", problem.W, absoluteTolerance: 1e-6, relativeTolerance: 1e-5);
            golden.AssertClose($"b{step}", problem.B, absoluteTolerance: 1e-6, relativeTolerance: 1e-5);
            if (name == "adam_set_lr" && step == 2)
            {
                optimizer.ParameterGroups[0].LearningRate = 0.01;
            }
        }
    }

    [Fact]
    public void ParameterGroups_ReportTheirResolvedOptions()
    {
        using var problem = new QuadraticProblem();
        using var optimizer = Create("sgd_groups", problem.W, problem.B);

        var groups = optimizer.ParameterGroups;
        Assert.Equal(2, groups.Count);
        Assert.Equal(0.1, groups[0].LearningRate);
        Assert.Equal(0.01, groups[0].WeightDecay);
        Assert.Equal(0.02, groups[1].LearningRate);
        Assert.Equal(0.0, groups[1].WeightDecay);
        Assert.Same(problem.B, Assert.Single(groups[1].Parameters));
        Assert.Equal(0.9, groups[1].Momentum);

        groups[1].LearningRate = 0.5;
        Assert.Equal(0.5, groups[1].LearningRate);
        Assert.Equal(0.02, groups[1].InitialLearningRate);
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsLeftUnchanged()
    {
        using var problem = new QuadraticProblem();
        using var untouched = Tensor.FromArray(new float[] { 1, 2 });
        untouched.RequiresGrad = true;
        using var optimizer = new Adam([problem.W, problem.B, untouched], learningRate: 0.1);

        problem.Backward();
        optimizer.Step();

        Assert.Equal(new float[] { 1, 2 }, untouched.ToArray<float>());
    }

    [Fact]
    public void ZeroGrad_SetToNoneOrZeros_ClearsEveryGradient()
    {
        using var problem = new QuadraticProblem();
        using var optimizer = new Sgd([problem.W, problem.B], learningRate: 0.1);

        problem.Backward();
        optimizer.ZeroGrad(setToNone: false);
        using (var grad = problem.W.Grad)
        {
            Assert.NotNull(grad);
            Assert.All(grad.ToArray<float>(), value => Assert.Equal(0f, value));
        }

        optimizer.ZeroGrad();
        Assert.Null(problem.W.Grad);
        Assert.Null(problem.B.Grad);
    }

    private static Optimizer Create(string name, Tensor w, Tensor b) => name switch
    {
        "sgd_plain" => new Sgd([w, b], learningRate: 0.1),
        "sgd_momentum" => new Sgd([w, b], learningRate: 0.05, momentum: 0.9, dampening: 0.1),
        "sgd_nesterov" => new Sgd([w, b], learningRate: 0.05, momentum: 0.9, nesterov: true),
        "sgd_weight_decay" => new Sgd([w, b], learningRate: 0.1, momentum: 0.5, weightDecay: 0.01),
        "adam" => new Adam([w, b], learningRate: 0.1),
        "adam_amsgrad" => new Adam([w, b], learningRate: 0.1, beta1: 0.8, beta2: 0.9, epsilon: 1e-6, weightDecay: 0.05, amsgrad: true),
        "adamw" => new AdamW([w, b], learningRate: 0.1, weightDecay: 0.1),
        "sgd_groups" => new Sgd(
            [new ParameterGroup([w]) { LearningRate = 0.1, WeightDecay = 0.01 }, new ParameterGroup([b]) { WeightDecay = 0 }],
            learningRate: 0.02,
            momentum: 0.9),
        "adamw_groups" => new AdamW(
            [new ParameterGroup([w]), new ParameterGroup([b]) { LearningRate = 0.01, WeightDecay = 0 }],
            learningRate: 0.05,
            weightDecay: 0.2),
        "adam_set_lr" => new Adam([w, b], learningRate: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
    };
}
