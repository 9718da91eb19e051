using System.Runtime.InteropServices;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Engine;

/// <summary>
/// Pins the TorchSharp 0.107 behaviours NasML's engine relies on, so that a TorchSharp upgrade that changes one of
/// them fails here, by name, rather than somewhere in a search.
/// </summary>
[Collection(TorchTests.CollectionName)]
public sealed class TorchSharpBehaviourTests
{
    [Fact]
    public void Libtorch_IsVersion2_10()
    {
        Assert.StartsWith("2.10", torch.__version__, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisterModule_WithoutRegisterComponents_RegistersOnlyTheGivenName()
    {
        using var module = new ExplicitlyRegistered();

        Assert.Equal(["conv.weight", "conv.bias"], module.named_parameters().Select(entry => entry.name));
    }

    [Fact]
    public void RegisterComponents_AfterRegisterModule_RegistersTheFieldASecondTime()
    {
        using var module = new RegisteredTwice();

        // One child, two names; named_parameters hides it (it skips tensors it has listed), named_modules does not.
        Assert.Equal(["conv", "_conv"], module.named_modules().Select(entry => entry.name));
        Assert.Equal(["conv.weight", "conv.bias"], module.named_parameters().Select(entry => entry.name));
    }

    [Fact]
    public void RegisterComponents_UnregisteredField_IsRegisteredUnderTheFieldName()
    {
        using var module = new RegisteredByField();

        // Underscore kept: NasML's blocks register explicitly so that names read like PyTorch's (conv.weight).
        Assert.Equal(["_conv.weight", "_conv.bias"], module.named_parameters().Select(entry => entry.name));
    }

    [Fact]
    public void RegisterModule_OfACustomChild_CallsTheChildsRegisterComponents()
    {
        using var parent = new Parent(new RegisteredByNameOnly());

        // The child registered its conv as "conv" only, yet being registered made TorchSharp call its
        // RegisterComponents, which added the field "_conv" too: NasML's modules override RegisterComponents to do nothing.
        Assert.Equal(["child", "child.conv", "child._conv"], parent.named_modules().Select(entry => entry.name));
    }

    [Fact]
    public void RegisterModule_OfAChildThatOverridesRegisterComponents_KeepsOneName()
    {
        using var parent = new Parent(new ExplicitlyRegistered());

        Assert.Equal(["child", "child.conv"], parent.named_modules().Select(entry => entry.name));
    }

    [Theory]
    [InlineData(4, 3, 32, 28)]
    [InlineData(10, 3, 17, 14)]
    [InlineData(12, 3, 17, 14)]
    [InlineData(20, 5, 17, 14)]
    [InlineData(24, 3, 17, 14)]
    [InlineData(40, 3, 17, 14)]
    public void Conv2d_Float32_ForwardAndBackwardMatchFloat64(int channels, int kernel, int batch, int size)
    {
        // libtorch 2.10's oneDNN kernels got these wrong (NaN, or errors near 2 in the output and the input gradient) on
        // an AMD EPYC of the Zen 5 class here, with 2 threads; TorchEngine turns oneDNN off on such processors when NasML
        // loads (TorchEngine.IsOneDnnDisabled).
        _ = Microsoft.ML.Nas.Trainers.Engine.TorchEngine.IsOneDnnDisabled;
        var threads = torch.get_num_threads();
        torch.set_num_threads(2);
        try
        {
            torch.manual_seed(3);
            using var input = torch.randn(batch, channels, size, size).requires_grad_();
            using var input64 = input.detach().to(ScalarType.Float64).requires_grad_();
            using var weight = (torch.randn(channels, channels, kernel, kernel) * 0.1).requires_grad_();
            using var weight64 = weight.detach().to(ScalarType.Float64).requires_grad_();
            long[] padding = [kernel / 2, kernel / 2];

            using var output = nn.functional.conv2d(input, weight, padding: padding);
            using var output64 = nn.functional.conv2d(input64, weight64, padding: padding);
            using (var loss = output.square().sum())
            using (var loss64 = output64.square().sum())
            {
                loss.backward();
                loss64.backward();
            }

            Assert.True(Error(output, output64) < 1e-4, $"output: {Error(output, output64)}");
            Assert.True(Error(weight.grad!, weight64.grad!) < 1e-4, $"weight gradient: {Error(weight.grad!, weight64.grad!)}");
            Assert.True(Error(input.grad!, input64.grad!) < 1e-4, $"input gradient: {Error(input.grad!, input64.grad!)}");
        }
        finally
        {
            torch.set_num_threads(threads);
        }

        // Largest difference relative to the largest float64 magnitude (NaN fails every comparison).
        static double Error(Tensor single, Tensor reference) =>
            ((single.to(ScalarType.Float64) - reference).abs().max() / reference.abs().max()).item<double>();
    }

    [Fact]
    public void RegisterComponents_PlainTensorField_BecomesABuffer()
    {
        using var module = new TensorField();

        Assert.Equal(["scale"], module.named_buffers().Select(entry => entry.name));
        Assert.Empty(module.named_parameters());
    }

    [Fact]
    public void StateDict_ListsEveryParameterBeforeEveryBuffer()
    {
        using var module = nn.Sequential(("0", nn.Conv2d(1, 2, 3)), ("1", nn.BatchNorm2d(2)), ("2", nn.Conv2d(2, 2, 1)));

        // PyTorch would give 0.weight, 0.bias, 1.weight, 1.bias, 1.running_mean, ..., 2.weight, 2.bias.
        Assert.Equal(
            ["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"],
            module.state_dict().Keys);
    }

    [Fact]
    public void NamedModules_HasNoRootEntry_AndIsBreadthFirst()
    {
        using var module = nn.Sequential(("a", nn.Sequential(("x", nn.ReLU()))), ("b", nn.ReLU()));

        Assert.Equal(["a", "b", "a.x"], module.named_modules().Select(entry => entry.name));
    }

    [Fact]
    public void RegisterParameter_DoesNotDetachFromTheDisposeScope()
    {
        using var module = new HandMadeParameter();
        Parameter weight;
        using (torch.NewDisposeScope())
        {
            weight = new Parameter(torch.ones(3));
            module.Register(weight);
        }

        // The scope disposed the registered parameter: hand-made parameters must be detached from the scope first.
        Assert.Throws<InvalidOperationException>(() => weight.sum().item<float>());
    }

    [Fact]
    public void To_CreatesNewParameterObjects()
    {
        using var module = nn.Linear(2, 2);
        var before = module.parameters().First();

        module.to(ScalarType.Float64);

        var after = module.parameters().First();
        Assert.NotSame(before, after);
        Assert.Equal(ScalarType.Float64, after.dtype);
    }

    [Fact]
    public void DisposeScope_DisposesTensorsCreatedInside_ExceptThoseMovedOut()
    {
        Tensor inner, kept;
        using (torch.NewDisposeScope())
        {
            inner = torch.ones(4);
            kept = torch.ones(4).MoveToOuterDisposeScope();
        }

        Assert.Throws<InvalidOperationException>(() => inner.sum());
        Assert.Equal(4f, kept.sum().item<float>());
        kept.Dispose();
    }

    [Fact]
    public void NativeError_InLinearOrConvolution_BecomesAManagedException()
    {
        // Not Tensor.matmul: TorchSharp 0.107 lets its shape error escape as a C++ exception that aborts the process
        // (seen here), so NasML's code uses linear/mm and checks shapes before a forward pass.
        using var rows = torch.ones(2, 3);
        using var weight = torch.ones(5, 4);
        using var image = torch.ones(1, 3, 5, 5);
        using var kernel = torch.ones(2, 4, 3, 3);

        var linear = Assert.ThrowsAny<ExternalException>(() => nn.functional.linear(rows, weight));
        var convolution = Assert.ThrowsAny<ExternalException>(() => nn.functional.conv2d(image, kernel));

        Assert.Contains("cannot be multiplied", linear.Message, StringComparison.Ordinal);
        Assert.Contains("channels", convolution.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaDevice_WithoutCuda_IsRefusedWhenCreated()
    {
        // With TorchSharp-cpu (this project's machines and CI) a CUDA device cannot even be created, so a search asked
        // to run on CUDA there fails before any data is touched, with TorchSharp's message.
        if (torch.cuda.is_available())
        {
            return;
        }

        var error = Assert.Throws<InvalidOperationException>(() => torch.device(DeviceType.CUDA));

        Assert.Contains("CUDA did not initialise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManualSeed_SameSeed_SameNumbers()
    {
        torch.manual_seed(7);
        using var first = torch.randn(5);
        torch.manual_seed(7);
        using var second = torch.randn(5);

        Assert.True(first.allclose(second, rtol: 0, atol: 0));
    }

    [Fact]
    public void SlicedSharedWeight_SendsGradientsOnlyIntoTheSlice()
    {
        // Elastic width as in Once-for-All: a subnet convolves with the first channels of one shared weight.
        using var weight = torch.randn(4, 4, 3, 3).requires_grad_();
        using var input = torch.randn(1, 2, 5, 5);

        using (var output = nn.functional.conv2d(input, weight[..2, ..2]))
        using (var total = output.sum())
        {
            total.backward();
        }

        using var gradient = weight.grad!;
        Assert.True(gradient[..2, ..2].abs().sum().item<float>() > 0);
        Assert.Equal(0f, gradient[2..].abs().sum().item<float>());
        Assert.Equal(0f, gradient[.., 2..].abs().sum().item<float>());
    }

    private sealed class ExplicitlyRegistered : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv;

        public ExplicitlyRegistered() : base(nameof(ExplicitlyRegistered))
        {
            _conv = nn.Conv2d(1, 1, 3);
            register_module("conv", _conv);
        }

        public override Tensor forward(Tensor input) => _conv.forward(input);

        protected override void RegisterComponents()
        {
        }
    }

    private sealed class RegisteredByNameOnly : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv;

        public RegisteredByNameOnly() : base(nameof(RegisteredByNameOnly))
        {
            _conv = nn.Conv2d(1, 1, 3);
            register_module("conv", _conv);
        }

        public override Tensor forward(Tensor input) => _conv.forward(input);
    }

    private sealed class Parent : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _child;

        public Parent(nn.Module<Tensor, Tensor> child) : base(nameof(Parent))
        {
            _child = child;
            register_module("child", _child);
        }

        public override Tensor forward(Tensor input) => _child.forward(input);

        protected override void RegisterComponents()
        {
        }
    }

    private sealed class RegisteredTwice : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv;

        public RegisteredTwice() : base(nameof(RegisteredTwice))
        {
            _conv = nn.Conv2d(1, 1, 3);
            register_module("conv", _conv);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => _conv.forward(input);
    }

    private sealed class RegisteredByField : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv;

        public RegisteredByField() : base(nameof(RegisteredByField))
        {
            _conv = nn.Conv2d(1, 1, 3);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => _conv.forward(input);
    }

    private sealed class TensorField : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // RegisterComponents names the buffer after the field.
        private readonly Tensor scale = torch.ones(1);
#pragma warning restore IDE1006

        public TensorField() : base(nameof(TensorField)) => RegisterComponents();

        public override Tensor forward(Tensor input) => input * scale;
    }

    private sealed class HandMadeParameter : nn.Module<Tensor, Tensor>
    {
        public HandMadeParameter() : base(nameof(HandMadeParameter))
        {
        }

        public void Register(Parameter weight) => register_parameter("weight", weight);

        public override Tensor forward(Tensor input) => input;
    }
}
