using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;
using Microsoft.ML.Nas.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures.UserModules;

/// <summary>
/// A user-written block as a TorchSharp user would write it: a 3×3 convolution to <c>width</c> channels, batch
/// normalisation and a learned per-channel gate, y = relu(bn(conv(x))) · sigmoid(g). Image in, image out (same size).
/// </summary>
internal sealed class GatedConv : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _norm;
    private readonly TorchSharp.Modules.Parameter _gate;

    public GatedConv(int inChannels, int width)
        : base(nameof(GatedConv))
    {
        _conv = nn.Conv2d(inChannels, width, 3, padding: 1);
        _norm = nn.BatchNorm2d(width);
        _gate = new TorchSharp.Modules.Parameter(torch.zeros(1, width, 1, 1));
        register_module("conv", _conv);
        register_module("norm", _norm);
        register_parameter("gate", _gate);
    }

    public Conv2d Conv => _conv;

    public BatchNorm2d Norm => _norm;

    public TorchSharp.Modules.Parameter Gate => _gate;

    public override Tensor forward(Tensor input)
    {
        using var convolved = _conv.call(input);
        using var normalized = _norm.call(convolved);
        using var activated = nn.functional.relu(normalized);
        using var gate = torch.sigmoid(_gate);
        return activated * gate;
    }

    protected override void RegisterComponents()
    {
    }

    /// <summary>The converter a user registers to export the block to ONNX.</summary>
    public static string ExportOnnx(OnnxExportContext context, GatedConv block, string input)
    {
        var normalized = context.ExportConvolutionBatchNorm(block.Conv, block.Norm, input);
        var activated = context.AddNode("Relu", [normalized]);
        var gate = context.AddNode("Sigmoid", [context.AddInitializer(block.Gate, "gate")]);
        return context.AddNode("Mul", [activated, gate]);
    }
}

/// <summary>A small whole network: conv 3×3 stride 2 → ReLU → flatten → linear to the outputs.</summary>
internal sealed class TinyConvNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly Linear _head;

    public TinyConvNet(InputShape input, int width, int outputs)
        : base(nameof(TinyConvNet))
    {
        _conv = nn.Conv2d(input.Channels, width, 3, stride: 2, padding: 1);
        int height = (input.Height + 1) / 2;
        int columns = (input.Width + 1) / 2;
        _head = nn.Linear((long)width * height * columns, outputs);
        register_module("conv", _conv);
        register_module("head", _head);
    }

    public override Tensor forward(Tensor input)
    {
        using var convolved = _conv.call(input);
        using var activated = nn.functional.relu(convolved);
        using var flat = activated.flatten(1);
        return _head.call(flat);
    }

    protected override void RegisterComponents()
    {
    }
}

/// <summary>A module that states its MACs itself (a fixed 1,234) and has an unseen matmul.</summary>
internal sealed class DeclaredMacs : nn.Module<Tensor, Tensor>, IMacCounter
{
    private readonly TorchSharp.Modules.Parameter _weight;

    public DeclaredMacs(int features)
        : base(nameof(DeclaredMacs))
    {
        _weight = new TorchSharp.Modules.Parameter(torch.randn(features, features));
        register_parameter("weight", _weight);
    }

    public long CountMacs(InputShape input) => 1234;

    public override Tensor forward(Tensor input) => input.mm(_weight);

    protected override void RegisterComponents()
    {
    }
}
