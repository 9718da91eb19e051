using Microsoft.ML.Nas.Torch.NN;
using static Microsoft.ML.Nas.Torch.Tests.NN.NNTestSupport;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

public sealed class ModuleTests
{
    /// <summary>A user-defined module with a child container, a list and its own parameter and buffer.</summary>
    private sealed class TinyNet : Module
    {
        public TinyNet()
            : base("TinyNet")
        {
            Features = RegisterModule("features", new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new ReLU()));
            Heads = RegisterModule("heads", new ModuleList(new Linear(2, 3), new Linear(3, 1, bias: false)));
            Scale = Tensor.Ones([1]);
            RegisterParameter("scale", Scale);
            RegisterBuffer("steps", Tensor.Zeros([], ScalarType.Int64));
        }

        public Sequential Features { get; }

        public ModuleList Heads { get; }

        public Tensor Scale { get; }

        public void RegisterAgain(string name) => RegisterParameter(name, Tensor.Ones([1]));

        public override Tensor Forward(Tensor input)
        {
            using var features = Features.Forward(input);
            using var pooled = Functional.AdaptiveAvgPool2d(features, 1);
            using var flat = Functional.Flatten(pooled, 1);
            using var hidden = Heads[0].Forward(flat);
            using var output = Heads[1].Forward(hidden);
            return output * Scale;
        }
    }

    [Fact]
    public void StateDict_OfPyTorchsNetwork_HasPyTorchsNamesInOrder()
    {
        using var network = LayerTests.Network();
        var names = Nn("names").Element;

        Assert.Equal(
            names.GetProperty("network_state").EnumerateArray().Select(e => e.GetString()),
            network.StateDict().Keys);
        Assert.Equal(
            names.GetProperty("network_parameters").EnumerateArray().Select(e => e.GetString()),
            network.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void StateDict_OfSequentialConvBatchNormReLU_ListsParametersThenBuffersPerChild()
    {
        using var block = new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8), new ReLU());

        Assert.Equal(
            ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"],
            block.StateDict().Keys);
    }

    [Fact]
    public void NestedModule_NamesEntriesWithDottedPaths()
    {
        using var net = new TinyNet();

        Assert.Equal(
            ["scale", "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "heads.0.weight", "heads.0.bias", "heads.1.weight"],
            net.NamedParameters().Select(p => p.Name));
        Assert.Equal(
            ["steps", "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked"],
            net.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["features", "heads"], net.NamedChildren().Select(c => c.Name));
        Assert.Equal(
            ["", "features", "features.0", "features.1", "features.2", "heads", "heads.0", "heads.1"],
            net.NamedModules().Select(m => m.Name));
        Assert.Equal(
            ["scale", "steps", "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked", "heads.0.weight", "heads.0.bias", "heads.1.weight"],
            net.StateDict().Keys);
        Assert.Equal(1 + (2 * 9) + 2 + 2 + 2 + (3 * 2) + 3 + 3, net.ParameterCount());
    }

    [Fact]
    public void StateDict_ReturnsTheLiveParameters()
    {
        using var conv = new Conv2d(1, 2, 3);

        var state = conv.StateDict();

        Assert.Same(conv.Weight, state["weight"]);
        Assert.Same(conv.Bias, state["bias"]);
        Assert.All(conv.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void LoadStateDict_CopiesValuesAndKeepsTheModulesTensors()
    {
        using var scope = DisposeScope.Begin();
        using var source = new Linear(3, 2);
        using var target = new Linear(3, 2);
        var weight = target.Weight;

        target.LoadStateDict(source.StateDict());
        Init.Zeros(source.Weight);

        Assert.Same(weight, target.Weight);
        Assert.True(target.Weight.RequiresGrad);
        Assert.NotEqual(new float[6], target.Weight.ToArray<float>());
        Assert.Equal(source.Bias!.ToArray<float>(), target.Bias!.ToArray<float>());
    }

    [Fact]
    public void LoadStateDict_WithWrongShape_ThrowsNamingEntryAndBothShapesAndCopiesNothing()
    {
        using var scope = DisposeScope.Begin();
        using var module = new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8));
        var before = module.StateDict()["0.bias"].ToArray<float>();
        var state = module.StateDict().ToDictionary(e => e.Key, e => e.Value);
        state["0.bias"] = Tensor.Zeros([8]);
        state["0.weight"] = Tensor.Zeros([8, 3, 5, 5]);

        var error = Assert.Throws<InvalidDataException>(() => module.LoadStateDict(state));

        Assert.Contains("'0.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected shape [8, 3, 3, 3] Float32", error.Message, StringComparison.Ordinal);
        Assert.Contains("found shape [8, 3, 5, 5] Float32", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, module.StateDict()["0.bias"].ToArray<float>());
    }

    [Fact]
    public void LoadStateDict_WithWrongDtype_ThrowsNamingEntryAndBothDtypes()
    {
        using var scope = DisposeScope.Begin();
        using var linear = new Linear(2, 2);
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.Zeros([2, 2], ScalarType.Float64),
            ["bias"] = Tensor.Zeros([2]),
        };

        var error = Assert.Throws<InvalidDataException>(() => linear.LoadStateDict(state));

        Assert.Contains("entry 'weight': expected shape [2, 2] Float32, found shape [2, 2] Float64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_Strict_RejectsMissingAndUnexpectedEntries_NonStrict_LoadsTheRest()
    {
        using var scope = DisposeScope.Begin();
        using var linear = new Linear(2, 2);
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.Full([2, 2], 3),
            ["extra.weight"] = Tensor.Zeros([1]),
        };

        var error = Assert.Throws<InvalidDataException>(() => linear.LoadStateDict(state));
        Assert.Contains("missing entry 'bias'", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected entry 'extra.weight'", error.Message, StringComparison.Ordinal);

        linear.LoadStateDict(state, strict: false);
        Assert.All(linear.Weight.ToArray<float>(), v => Assert.Equal(3f, v));
    }

    [Fact]
    public void TrainAndEval_SetModeOnEveryDescendant()
    {
        using var net = new TinyNet();
        Assert.True(net.IsTraining);

        Assert.Same(net, net.Eval());
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.IsTraining));

        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.IsTraining));
    }

    [Fact]
    public void BatchNorm_UpdatesRunningStatisticsOnlyInTraining()
    {
        using var scope = DisposeScope.Begin();
        using var batchNorm = new BatchNorm2d(2);
        LibTorch.ManualSeed(1);
        var x = Tensor.Randn([4, 2, 3, 3]) + 5.0;

        batchNorm.Eval();
        var evaluated = batchNorm.Forward(x);
        Assert.Equal(0, batchNorm.NumBatchesTracked!.ToInt64());
        Assert.Equal(new float[2], batchNorm.RunningMean!.ToArray<float>());
        Assert.True(evaluated.AllClose(x / Math.Sqrt(1 + 1e-5), 1e-5, 1e-6));

        batchNorm.Train();
        batchNorm.Forward(x);
        Assert.Equal(1, batchNorm.NumBatchesTracked!.ToInt64());
        Assert.All(batchNorm.RunningMean!.ToArray<float>(), m => Assert.InRange(m, 0.4f, 0.6f));
    }

    [Fact]
    public void ToFloat64_ConvertsFloatingTensorsInPlace_KeepsIdentityAndIntegerBuffers()
    {
        using var scope = DisposeScope.Begin();
        using var net = new TinyNet();
        var parameters = net.Parameters().ToList();
        var x = Tensor.Randn([2, 1, 5, 5]);
        net.Forward(x).Sum().Backward();

        net.To(ScalarType.Float64);

        Assert.Equal(parameters, net.Parameters());
        Assert.All(net.Parameters(), p => Assert.Equal(ScalarType.Float64, p.Dtype));
        Assert.All(net.Parameters(), p => Assert.Equal(ScalarType.Float64, p.Grad!.Dtype));
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
        Assert.Equal(ScalarType.Float64, net.StateDict()["features.1.running_var"].Dtype);
        Assert.Equal(ScalarType.Int64, net.StateDict()["features.1.num_batches_tracked"].Dtype);
        Assert.Equal(ScalarType.Int64, net.StateDict()["steps"].Dtype);
        Assert.Equal(ScalarType.Float64, net.Forward(x.To(ScalarType.Float64)).Dtype);
    }

    [Fact]
    public void ToIntegerType_ThrowsNamingDtype()
    {
        using var linear = new Linear(2, 2);

        var error = Assert.Throws<ArgumentException>(() => linear.To(ScalarType.Int64));

        Assert.Equal("dtype", error.ParamName);
    }

    [Fact]
    public void ToCpu_OnCpuModule_KeepsEverything()
    {
        using var linear = new Linear(2, 2);
        var before = linear.Weight.ToArray<float>();

        linear.To(Device.Cpu);

        Assert.Equal(Device.Cpu.Type, linear.Weight.Device.Type);
        Assert.Equal(before, linear.Weight.ToArray<float>());
    }

    [Fact]
    public void ZeroGrad_ForgetsEveryParametersGradient()
    {
        using var scope = DisposeScope.Begin();
        using var net = new TinyNet();
        net.Forward(Tensor.Randn([2, 1, 4, 4])).Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));

        net.ZeroGrad();

        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void RegisterParameter_TakesTheTensorOutOfTheDisposeScope()
    {
        Linear linear;
        using (DisposeScope.Begin())
        {
            linear = new Linear(2, 2);
        }

        using (linear)
        using (DisposeScope.Begin())
        {
            Assert.False(linear.Weight.IsDisposed);
            Assert.Equal([1L, 2L], linear.Forward(Tensor.Ones([1, 2])).Shape);
        }
    }

    [Fact]
    public void RegisterParameter_WithTakenOrDottedName_ThrowsNamingIt()
    {
        using var net = new TinyNet();

        var taken = Assert.Throws<ArgumentException>(() => net.RegisterAgain("features"));
        var dotted = Assert.Throws<ArgumentException>(() => net.RegisterAgain("a.b"));

        Assert.Contains("'features'", taken.Message, StringComparison.Ordinal);
        Assert.Contains("'a.b'", dotted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_AddWithName_UsesThatNameAndIndexerFollowsOrder()
    {
        using var sequential = new Sequential().Add("stem", new Conv2d(1, 2, 1)).Add(new ReLU());

        Assert.Equal(2, sequential.Count);
        Assert.IsType<ReLU>(sequential[1]);
        Assert.Equal(["stem", "1"], sequential.NamedChildren().Select(c => c.Name));
        Assert.Equal(["stem.weight", "stem.bias"], sequential.StateDict().Keys);
    }

    [Fact]
    public void ToString_DescribesTheTreeLikePyTorch()
    {
        using var block = new Sequential(new Conv2d(3, 8, 3, stride: 2, padding: 1, bias: false), new BatchNorm2d(8), new ReLU6());

        Assert.Equal(
            "Sequential(\n  (0): Conv2d(3, 8, kernel_size=3, stride=2, padding=1, bias=False)\n" +
            "  (1): BatchNorm2d(8, eps=1E-05, momentum=0.1, affine=True, track_running_stats=True)\n  (2): ReLU6()\n)",
            block.ToString());
    }

    [Fact]
    public void Dispose_ReleasesParametersBuffersAndChildren_AndLaterUseThrows()
    {
        var before = Tensor.LiveCount;
        var net = new TinyNet();
        Assert.True(Tensor.LiveCount > before);

        net.Dispose();
        net.Dispose();

        Assert.Equal(before, Tensor.LiveCount);
        Assert.Throws<ObjectDisposedException>(() => net.StateDict());
    }
}
