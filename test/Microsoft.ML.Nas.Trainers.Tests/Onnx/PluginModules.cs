using Microsoft.ML.Nas.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>A user module outside the built-in converters that exports itself: y = x · scale_c, one learned scale per channel.</summary>
internal sealed class ChannelScale : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Parameter _scale;

    public ChannelScale(int channels)
        : base(nameof(ChannelScale))
    {
        _scale = new Parameter(torch.rand(1, channels, 1, 1));
        register_parameter("scale", _scale);
    }

    public override Tensor forward(Tensor input) => input * _scale;

    public string ExportOnnx(OnnxExportContext context, string input) =>
        context.AddNode("Mul", [input, context.AddInitializer(_scale, "scale")]);
}

/// <summary>Exports itself as x · 2; used to check that a registered converter wins over <see cref="IOnnxExportable"/>.</summary>
internal sealed class ScaleByTwo() : nn.Module<Tensor, Tensor>(nameof(ScaleByTwo)), IOnnxExportable
{
    public override Tensor forward(Tensor input) => input * 2.0;

    public string ExportOnnx(OnnxExportContext context, string input) =>
        context.AddNode("Mul", [input, context.AddScalar(2f, "factor")]);
}

/// <summary>
/// A user module without any converter of its own: y = x − mean over the channels. Exported through a converter the
/// user registers (<see cref="CenterChannelsConverter"/>).
/// </summary>
internal sealed class CenterChannels() : nn.Module<Tensor, Tensor>(nameof(CenterChannels))
{
    public override Tensor forward(Tensor input)
    {
        using var mean = input.mean([1], keepdim: true);
        return input - mean;
    }
}

/// <summary>A user-written converter for <see cref="CenterChannels"/>, registered on top of the built-in ones.</summary>
internal static class CenterChannelsConverter
{
    public static OnnxConverterRegistry Registry { get; } = OnnxConverterRegistry.Default.With<CenterChannels>(Export);

    private static string Export(OnnxExportContext context, CenterChannels module, string input)
    {
        var mean = context.AddNode("ReduceMean", [input], OnnxAttributeValue.FromInt64s("axes", [1]), OnnxAttributeValue.FromInt64("keepdims", 1));
        return context.AddNode("Sub", [input, mean]);
    }
}

/// <summary>A user module that keeps layers in a ModuleList and exports them through the list itself (which fails).</summary>
internal sealed class ListHolder : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _layers;

    public ListHolder(params nn.Module<Tensor, Tensor>[] layers)
        : base(nameof(ListHolder))
    {
        _layers = nn.ModuleList(layers);
        register_module("layers", _layers);
    }

    public override Tensor forward(Tensor input)
    {
        var current = input;
        foreach (var layer in _layers)
        {
            current = layer.call(current);
        }

        return current;
    }

    public string ExportOnnx(OnnxExportContext context, string input) => context.Export(_layers, input);
}
