using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Torch.Optim;

namespace Microsoft.ML.Nas.Torch.Tests.Optim;

public sealed class OptimizerLifetimeAndValidationTests
{
    [Fact]
    public void CreateStepDispose_InALoop_LeavesNoNativeTensorOrOptimizerBehind()
    {
        using var problem = new QuadraticProblem();
        problem.Backward();
        var tensorsBefore = Tensor.LiveCount;
        var optimizersBefore = Optimizer.LiveCount;

        for (var round = 0; round < 20; round++)
        {
            Optimizer optimizer = (round % 3) switch
            {
                0 => new Sgd([problem.W, problem.B], learningRate: 0.01, momentum: 0.9),
                1 => new Adam([problem.W, problem.B], amsgrad: true),
                _ => new AdamW(ParameterGroupsOf(problem)),
            };
            Assert.Equal(optimizersBefore + 1, Optimizer.LiveCount);
            optimizer.Step();
            optimizer.Step();
            optimizer.ParameterGroups[0].LearningRate = 0.001;
            _ = GradientClipping.ClipGradNorm([problem.W, problem.B], 1.0);
            optimizer.Dispose();
        }

        Assert.Equal(tensorsBefore, Tensor.LiveCount);
        Assert.Equal(optimizersBefore, Optimizer.LiveCount);
    }

    [Fact]
    public void Step_AfterDispose_ThrowsObjectDisposed()
    {
        using var problem = new QuadraticProblem();
        var optimizer = new Sgd([problem.W], learningRate: 0.1);
        optimizer.Dispose();
        optimizer.Dispose();

        Assert.True(optimizer.IsDisposed);
        Assert.Throws<ObjectDisposedException>(optimizer.Step);
        Assert.Throws<ObjectDisposedException>(() => optimizer.ParameterGroups[0].LearningRate);
    }

    [Fact]
    public void Step_AfterManagedParameterHandleIsDisposed_StillUpdatesTheSharedMemory()
    {
        var parameter = Tensor.FromArray(new float[] { 1, 2, 3 });
        parameter.RequiresGrad = true;
        using var alias = parameter.Detach();
        using (var scope = DisposeScope.Begin())
        {
            (parameter * 2.0).Sum().Backward();
        }

        using var optimizer = new Sgd([parameter], learningRate: 0.5);
        parameter.Dispose();
        optimizer.Step();

        Assert.Equal(new float[] { 0, 1, 2 }, alias.ToArray<float>());
    }

    [Fact]
    public void Constructors_OptionsOutOfRange_ThrowNamingTheArgument()
    {
        using var problem = new QuadraticProblem();
        Tensor[] parameters = [problem.W, problem.B];

        AssertOutOfRange("learningRate", () => new Sgd(parameters, learningRate: -0.1));
        AssertOutOfRange("learningRate", () => new Adam(parameters, learningRate: double.NaN));
        AssertOutOfRange("momentum", () => new Sgd(parameters, learningRate: 0.1, momentum: -0.5));
        AssertOutOfRange("momentum", () => new Sgd(parameters, learningRate: 0.1, nesterov: true));
        AssertOutOfRange("dampening", () => new Sgd(parameters, learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        AssertOutOfRange("weightDecay", () => new Sgd(parameters, learningRate: 0.1, weightDecay: -1));
        AssertOutOfRange("beta1", () => new Adam(parameters, beta1: 1.0));
        AssertOutOfRange("beta2", () => new AdamW(parameters, beta2: -0.1));
        AssertOutOfRange("epsilon", () => new Adam(parameters, epsilon: -1e-8));
        AssertOutOfRange("groups", () => new Sgd([new ParameterGroup(parameters) { LearningRate = -1 }], learningRate: 0.1));
    }

    [Fact]
    public void Constructors_EmptyOrDuplicatedParameters_AreRefused()
    {
        using var problem = new QuadraticProblem();

        var empty = Assert.Throws<ArgumentException>(() => new Sgd(Array.Empty<Tensor>(), learningRate: 0.1));
        Assert.Contains("empty parameter list", empty.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(
            () => new Adam([new ParameterGroup([problem.W]), new ParameterGroup([problem.B, problem.W])]));
        Assert.Contains("groups 0 and 1", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupSetters_OutOfRange_ThrowAndKeepTheOldValue()
    {
        using var problem = new QuadraticProblem();
        using var sgd = new Sgd([problem.W], learningRate: 0.1, momentum: 0.9, nesterov: true);
        using var adam = new Adam([problem.B]);

        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.ParameterGroups[0].LearningRate = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.ParameterGroups[0].Momentum = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.ParameterGroups[0].Momentum = 1);
        Assert.Equal(0.1, sgd.ParameterGroups[0].LearningRate);
        Assert.Equal(0.9, sgd.ParameterGroups[0].Momentum);

        adam.ParameterGroups[0].Momentum = 0.5;
        Assert.Equal(0.5, adam.ParameterGroups[0].Momentum);
    }

    [Fact]
    public void WithoutDecayOnNormAndBias_PutsBiasesAndNormParametersInTheNoDecayGroup()
    {
        using var model = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), new Flatten(), new Linear(4, 2));
        var parameters = model.NamedParameters().ToDictionary(entry => entry.Name, entry => entry.Parameter);

        var groups = ParameterGroups.WithoutDecayOnNormAndBias(model, weightDecay: 5e-4);

        Assert.Equal(5e-4, groups[0].WeightDecay);
        Assert.Equal(0, groups[1].WeightDecay);
        Assert.Equal(new[] { parameters["0.weight"], parameters["3.weight"] }, groups[0].Parameters);
        Assert.Equal(
            new[] { parameters["0.bias"], parameters["1.weight"], parameters["1.bias"], parameters["3.bias"] },
            groups[1].Parameters);
        using var optimizer = new Sgd(groups, learningRate: 0.1);
        Assert.Equal(0, optimizer.ParameterGroups[1].WeightDecay);
    }

    private static ParameterGroup[] ParameterGroupsOf(QuadraticProblem problem) =>
        [new ParameterGroup([problem.W]), new ParameterGroup([problem.B]) { WeightDecay = 0 }];

    private static void AssertOutOfRange(string argument, Func<Optimizer> create)
    {
        var before = Optimizer.LiveCount;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => create().Dispose());
        Assert.Equal(argument, error.ParamName);
        Assert.Equal(before, Optimizer.LiveCount);
    }
}
