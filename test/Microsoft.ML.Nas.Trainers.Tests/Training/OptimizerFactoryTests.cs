using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

/// <summary>
/// The recipe's optimizer on TorchSharp: parameter groups (no decay on biases and normalisation), the mapping of the
/// recipe's settings, and TorchSharp's SGD, Adam, AdamW and gradient clipping against PyTorch's numerics
/// (TestData/optim.json) in the configurations the trainer uses.
/// </summary>
public sealed class OptimizerFactoryTests
{
    [Fact]
    public void WithoutDecayOnNormAndBias_PutsBiasesAndNormParametersInTheNoDecayGroup()
    {
        using var model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(4, 2));
        var parameters = model.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter);

        var (decay, noDecay) = OptimizerFactory.WithoutDecayOnNormAndBias(model);

        Assert.Equal([parameters["0.weight"], parameters["3.weight"]], decay);
        Assert.Equal([parameters["0.bias"], parameters["1.weight"], parameters["1.bias"], parameters["3.bias"]], noDecay);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Create_MapsTheRecipeOntoTwoGroupsWithDecayOnWeightsOnly(OptimizerKind kind)
    {
        using var model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(4, 2));
        var recipe = TrainingRecipe.For(kind) with { LearningRate = 0.03, WeightDecay = 0.01, Momentum = 0.8 };

        using var optimizer = OptimizerFactory.Create(model, recipe);

        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToArray();
        Assert.Equal(2, groups.Length);
        Assert.All(groups, group => Assert.Equal(0.03, group.LearningRate));
        Assert.Equal(2, groups[0].Parameters.Count());
        Assert.Equal(4, groups[1].Parameters.Count());
        switch (kind)
        {
            case OptimizerKind.Sgd:
                Assert.IsType<SGD>(optimizer);
                Assert.Equal([0.01, 0.0], groups.Select(group => ((SGD.Options)group.Options).weight_decay!.Value));
                Assert.All(groups, group => Assert.True(((SGD.Options)group.Options).nesterov));
                Assert.All(groups, group => Assert.Equal(0.8, ((SGD.Options)group.Options).momentum));
                break;
            case OptimizerKind.Adam:
                Assert.IsType<Adam>(optimizer);
                Assert.Equal([0.01, 0.0], groups.Select(group => ((Adam.Options)group.Options).weight_decay!.Value));
                Assert.All(groups, group => Assert.Equal(0.8, ((Adam.Options)group.Options).beta1));
                break;
            default:
                Assert.IsType<AdamW>(optimizer);
                Assert.Equal([0.01, 0.0], groups.Select(group => ((AdamW.Options)group.Options).weight_decay!.Value));
                Assert.All(groups, group => Assert.Equal(0.8, ((AdamW.Options)group.Options).beta1));
                break;
        }
    }

    [Fact]
    public void Create_SgdWithoutMomentum_TurnsNesterovOff()
    {
        using var model = nn.Linear(3, 2);

        using var optimizer = OptimizerFactory.Create(model, new TrainingRecipe { Momentum = 0, Nesterov = true });

        Assert.All(optimizer.ParamGroups.Cast<ParamGroup>(), group => Assert.False(((SGD.Options)group.Options).nesterov));
    }

    [Fact]
    public void Create_ModuleWithoutParameters_ThrowsNamingIt()
    {
        using var model = nn.ReLU();

        var error = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create(model, new TrainingRecipe()));

        Assert.Contains("no parameters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sgd_nesterov")]
    [InlineData("sgd_weight_decay")]
    [InlineData("sgd_groups")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("adamw_groups")]
    public void TorchSharpOptimizers_FiveStepsOnFixedQuadratic_MatchPyTorchTrajectory(string name)
    {
        var golden = OptimGolden.Case(name);
        using var problem = new QuadraticProblem();
        using var optimizer = Create(name, problem.W, problem.B);

        for (var step = 1; step <= 5; step++)
        {
            optimizer.zero_grad();
            problem.Backward();
            using (torch.NewDisposeScope())
            {
                optimizer.step();
            }

            golden.AssertClose($"w{step}", problem.W, absoluteTolerance: 1e-6, relativeTolerance: 1e-5, name);
            golden.AssertClose($"b{step}", problem.B, absoluteTolerance: 1e-6, relativeTolerance: 1e-5, name);
        }
    }

    [Theory]
    [InlineData("clip_norm_2", 1.0)]
    [InlineData("clip_norm_2_inactive", 100.0)]
    public void ClipGradNorm_MatchesPyTorchTotalNormAndClippedGradients(string name, double maxNorm)
    {
        var golden = OptimGolden.Case(name);
        using var p1 = new Parameter(torch.zeros(2, 3));
        using var p2 = new Parameter(torch.zeros(4));
        using var p3 = new Parameter(torch.zeros(2));
        using (torch.NewDisposeScope())
        {
            var g1 = torch.tensor(new float[] { 3.0f, -4.0f, 1.0f, 0.5f, 2.0f, -2.5f }, [2, 3]);
            var g2 = torch.tensor(new float[] { -1.0f, 0.25f, 6.0f, -0.5f });
            ((p1 * g1).sum() + (p2 * g2).sum()).backward();
        }

        var totalNorm = nn.utils.clip_grad_norm_([p1, p2, p3], maxNorm);

        Assert.Equal(golden.Number("total_norm"), totalNorm, 1e-5);
        golden.AssertClose("g1", p1.grad!, 1e-6, 1e-5, name);
        golden.AssertClose("g2", p2.grad!, 1e-6, 1e-5, name);
        Assert.Null(p3.grad);
    }

    private static optim.Optimizer Create(string name, Parameter w, Parameter b) => name switch
    {
        "sgd_nesterov" => optim.SGD([w, b], learningRate: 0.05, momentum: 0.9, nesterov: true),
        "sgd_weight_decay" => optim.SGD([w, b], learningRate: 0.1, momentum: 0.5, weight_decay: 0.01),
        "sgd_groups" => optim.SGD(
            [new SGD.ParamGroup([w], 0.1, 0.9, 0, 0.01, false, false), new SGD.ParamGroup([b], 0.02, 0.9, 0, 0, false, false)],
            learningRate: 0.02,
            momentum: 0.9),
        "adam" => optim.Adam([w, b], lr: 0.1),
        "adamw" => optim.AdamW([w, b], lr: 0.1, weight_decay: 0.1),
        "adamw_groups" => optim.AdamW(
            [new AdamW.ParamGroup([w], 0.05, 0.9, 0.999, 1e-8, 0.2, false, false), new AdamW.ParamGroup([b], 0.01, 0.9, 0.999, 1e-8, 0, false, false)],
            lr: 0.05,
            weight_decay: 0.2),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
    };

    /// <summary>
    /// The fixed problem of make_optim.py: parameters w (2x3) and b (3) minimising
    /// sum(S * (w - T)^2) + 0.5 * sum((b - C)^2).
    /// </summary>
    private sealed class QuadraticProblem : IDisposable
    {
        private readonly Tensor _target = torch.tensor(new float[] { 1.0f, 0.0f, -1.0f, 0.5f, 2.0f, 1.0f }, [2, 3]);
        private readonly Tensor _scale = torch.tensor(new float[] { 1.0f, 0.5f, 2.0f, 0.25f, 3.0f, 1.5f }, [2, 3]);
        private readonly Tensor _center = torch.tensor(new float[] { 1.0f, 2.0f, -3.0f });

        public Parameter W { get; } = new(torch.tensor(new float[] { 0.5f, -1.0f, 2.0f, 1.5f, 0.25f, -0.75f }, [2, 3]));

        public Parameter B { get; } = new(torch.tensor(new float[] { 0.1f, -0.2f, 0.3f }));

        /// <summary>Computes the loss and accumulates its gradient into <see cref="W"/> and <see cref="B"/>.</summary>
        public void Backward()
        {
            using var scope = torch.NewDisposeScope();
            var loss = ((W - _target).square() * _scale).sum() + ((B - _center).square().sum() * 0.5);
            loss.backward();
        }

        public void Dispose()
        {
            W.Dispose();
            B.Dispose();
            _target.Dispose();
            _scale.Dispose();
            _center.Dispose();
        }
    }
}
