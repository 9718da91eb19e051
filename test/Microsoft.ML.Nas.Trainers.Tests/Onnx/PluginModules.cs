using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Onnx;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>A module outside the built-in converters that exports itself: y = x · scale_c, one learned scale per channel.</summary>
internal sealed class ChannelScale : Module, IOnnxExportable
{
    public ChannelScale(int channels)
    {
        Scale = Tensor.Rand([1, channels, 1, 1]);
        RegisterParameter("scale", Scale);
    }

    public Tensor Scale { get; }

    public override Tensor Forward(Tensor input) => input.Mul(Scale);

    public string ExportOnnx(OnnxExportContext context, string input) =>
        context.AddNode("Mul", [input, context.AddInitializer(Scale, "scale")]);
}

/// <summary>Exports itself as x · 2; used to check that a registered converter wins over <see cref="IOnnxExportable"/>.</summary>
internal sealed class ScaleByTwo : Module, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Mul(2.0);

    public string ExportOnnx(OnnxExportContext context, string input) =>
        context.AddNode("Mul", [input, context.AddScalar(2f, "factor")]);
}

/// <summary>A module without any converter of its own: y = x − mean over the channels (exported through a registered converter).</summary>
internal sealed class CenterChannels : Module
{
    public override Tensor Forward(Tensor input)
    {
        using var mean = input.Mean(1, keepDimensions: true);
        return input.Sub(mean);
    }
}
