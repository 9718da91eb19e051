using System.Globalization;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>The built-in ONNX converters of the binding's standard layers (opset 13).</summary>
internal static class StandardLayerConverters
{
    public static void RegisterAll(OnnxConverterRegistry registry)
    {
        registry
            .Register<Sequential>(ExportSequential)
            .Register<Conv2d>(ExportConvolution)
            .Register<Linear>(ExportLinear)
            .Register<BatchNorm>(ExportBatchNorm)
            .Register<Dropout>((_, _, input) => input)
            .Register<Identity>((_, _, input) => input)
            .Register<ReLU>((context, _, input) => context.AddNode("Relu", [input]))
            .Register<ReLU6>((context, _, input) => AddReLU6(context, input))
            .Register<Sigmoid>((context, _, input) => context.AddNode("Sigmoid", [input]))
            .Register<Tanh>((context, _, input) => context.AddNode("Tanh", [input]))
            .Register<Hardsigmoid>((context, _, input) => AddHardsigmoid(context, input))
            .Register<Hardswish>((context, _, input) => AddHardswish(context, input))
            .Register<SiLU>((context, _, input) => AddSiLU(context, input))
            .Register<GELU>((context, module, input) => AddGelu(context, input, module.Approximate))
            .Register<MaxPool2d>(ExportMaxPool)
            .Register<AvgPool2d>(ExportAvgPool)
            .Register<AdaptiveAvgPool2d>((context, module, input) => AddAdaptiveAveragePool(context, input, module.OutputSize))
            .Register<Flatten>(ExportFlatten);
    }

    /// <summary>Exports the children in order, folding each BatchNorm2d that directly follows a Conv2d into it.</summary>
    public static string ExportSequential(OnnxExportContext context, Sequential sequential, string input)
    {
        var current = input;
        for (var index = 0; index < sequential.Count; index++)
        {
            if (sequential[index] is Conv2d convolution && index + 1 < sequential.Count && sequential[index + 1] is BatchNorm2d batchNorm)
            {
                current = context.ExportConvolutionBatchNorm(convolution, batchNorm, current);
                index++;
            }
            else
            {
                current = context.Export(sequential[index], current);
            }
        }

        return current;
    }

    /// <summary>Adds a Conv node with the layer's geometry and the given weight and (optional) bias initializers.</summary>
    public static string AddConvolution(OnnxExportContext context, Conv2d convolution, string input, string weight, string? bias) =>
        context.AddNode(
            "Conv",
            bias is null ? [input, weight] : [input, weight, bias],
            OnnxAttributeValue.FromInt64s("kernel_shape", [convolution.KernelSize.Height, convolution.KernelSize.Width]),
            OnnxAttributeValue.FromInt64s("strides", [convolution.Stride.Height, convolution.Stride.Width]),
            OnnxAttributeValue.FromInt64s("pads", Pads(convolution.Padding)),
            OnnxAttributeValue.FromInt64s("dilations", [convolution.Dilation.Height, convolution.Dilation.Width]),
            OnnxAttributeValue.FromInt64("group", convolution.Groups));

    public static string AddReLU6(OnnxExportContext context, string input) =>
        context.AddNode("Clip", [input, context.AddScalar(0f, "clip_min"), context.AddScalar(6f, "clip_max")]);

    /// <summary>ReLU6(x + 3) / 6 = clamp(x / 6 + 1 / 2, 0, 1).</summary>
    public static string AddHardsigmoid(OnnxExportContext context, string input) =>
        context.AddNode(
            "HardSigmoid", [input], OnnxAttributeValue.FromSingle("alpha", 1f / 6f), OnnxAttributeValue.FromSingle("beta", 0.5f));

    /// <summary>x · Hardsigmoid(x) (ONNX HardSwish needs opset 14).</summary>
    public static string AddHardswish(OnnxExportContext context, string input) =>
        context.AddNode("Mul", [input, AddHardsigmoid(context, input)]);

    /// <summary>x · σ(x).</summary>
    public static string AddSiLU(OnnxExportContext context, string input) =>
        context.AddNode("Mul", [input, context.AddNode("Sigmoid", [input])]);

    /// <summary>0.5 · x · (1 + erf(x / √2)), or the tanh approximation (ONNX Gelu needs opset 20).</summary>
    public static string AddGelu(OnnxExportContext context, string input, GeluApproximation approximation)
    {
        string inner;
        if (approximation == GeluApproximation.Tanh)
        {
            // tanh(√(2/π) · (x + 0.044715 · x³))
            var square = context.AddNode("Mul", [input, input]);
            var cube = context.AddNode("Mul", [square, input]);
            var scaledCube = context.AddNode("Mul", [cube, context.AddScalar(0.044715f, "gelu_cubic")]);
            var sum = context.AddNode("Add", [input, scaledCube]);
            var scaled = context.AddNode("Mul", [sum, context.AddScalar((float)Math.Sqrt(2.0 / Math.PI), "gelu_scale")]);
            inner = context.AddNode("Tanh", [scaled]);
        }
        else
        {
            var divided = context.AddNode("Div", [input, context.AddScalar((float)Math.Sqrt(2.0), "gelu_sqrt2")]);
            inner = context.AddNode("Erf", [divided]);
        }

        var onePlus = context.AddNode("Add", [inner, context.AddScalar(1f, "gelu_one")]);
        var product = context.AddNode("Mul", [input, onePlus]);
        return context.AddNode("Mul", [product, context.AddScalar(0.5f, "gelu_half")]);
    }

    /// <summary>
    /// Average pooling to a fixed output size: GlobalAveragePool for 1 × 1, AveragePool when the input divides evenly,
    /// otherwise PyTorch's windows [⌊i·H/h⌋, ⌈(i+1)·H/h⌉) as slices averaged along the height, then along the width
    /// (separable, since every window is a rectangle).
    /// </summary>
    public static string AddAdaptiveAveragePool(OnnxExportContext context, string input, Size2d outputSize)
    {
        if (outputSize == new Size2d(1))
        {
            return context.AddNode("GlobalAveragePool", [input]);
        }

        var shape = context.GetShape(input);
        if (shape is not { Count: 4 })
        {
            throw new NotSupportedException(
                $"adaptive average pooling to {outputSize} needs the input's height and width, which are not known here (only output size 1 works on any input)");
        }

        var (height, width) = (shape[2], shape[3]);
        if (height % outputSize.Height == 0 && width % outputSize.Width == 0)
        {
            var kernel = new[] { height / outputSize.Height, width / outputSize.Width };
            return context.AddNode(
                "AveragePool", [input],
                OnnxAttributeValue.FromInt64s("kernel_shape", kernel),
                OnnxAttributeValue.FromInt64s("strides", kernel));
        }

        var rows = AdaptiveAlong(context, input, axis: 2, height, outputSize.Height);
        return AdaptiveAlong(context, rows, axis: 3, width, outputSize.Width);
    }

    private static string ExportConvolution(OnnxExportContext context, Conv2d convolution, string input)
    {
        var weight = context.AddInitializer(convolution.Weight, "weight");
        var bias = convolution.Bias is { } b ? context.AddInitializer(b, "bias") : null;
        return AddConvolution(context, convolution, input, weight, bias);
    }

    private static string ExportLinear(OnnxExportContext context, Linear linear, string input)
    {
        var rank = context.GetShape(input)?.Count;
        if (rank == 2)
        {
            var weight = context.AddInitializer(linear.Weight, "weight");
            var inputs = linear.Bias is { } b ? new[] { input, weight, context.AddInitializer(b, "bias") } : new[] { input, weight };
            return context.AddNode("Gemm", inputs, OnnxAttributeValue.FromInt64("transB", 1));
        }

        // MatMul broadcasts over any leading dimensions; Gemm takes only matrices.
        string transposedWeight;
        using (var detached = linear.Weight.Detach())
        using (var transposed = detached.Transpose(0, 1))
        using (var contiguous = transposed.Contiguous())
        {
            transposedWeight = context.AddInitializer(contiguous, "weight_transposed");
        }

        var product = context.AddNode("MatMul", [input, transposedWeight]);
        return linear.Bias is { } bias ? context.AddNode("Add", [product, context.AddInitializer(bias, "bias")]) : product;
    }

    private static string ExportBatchNorm(OnnxExportContext context, BatchNorm batchNorm, string input)
    {
        if (batchNorm.RunningMean is null || batchNorm.RunningVar is null)
        {
            throw new NotSupportedException(
                "batch normalisation without running statistics (trackRunningStats: false) normalises every batch with its own statistics; only layers with running statistics export");
        }

        var channels = (int)batchNorm.NumFeatures;
        var scale = batchNorm.Weight is { } weight
            ? context.AddInitializer(weight, "weight")
            : context.AddInitializer(Enumerable.Repeat(1f, channels).ToArray(), [channels], "weight");
        var shift = batchNorm.Bias is { } bias
            ? context.AddInitializer(bias, "bias")
            : context.AddInitializer(new float[channels], [channels], "bias");
        var mean = context.AddInitializer(batchNorm.RunningMean, "running_mean");
        var variance = context.AddInitializer(batchNorm.RunningVar, "running_var");
        return context.AddNode(
            "BatchNormalization", [input, scale, shift, mean, variance], OnnxAttributeValue.FromSingle("epsilon", (float)batchNorm.Eps));
    }

    private static string ExportMaxPool(OnnxExportContext context, MaxPool2d pool, string input) =>
        context.AddNode(
            "MaxPool", [input],
            OnnxAttributeValue.FromInt64s("kernel_shape", [pool.KernelSize.Height, pool.KernelSize.Width]),
            OnnxAttributeValue.FromInt64s("strides", [pool.Stride.Height, pool.Stride.Width]),
            OnnxAttributeValue.FromInt64s("pads", Pads(pool.Padding)),
            OnnxAttributeValue.FromInt64s("dilations", [pool.Dilation.Height, pool.Dilation.Width]),
            OnnxAttributeValue.FromInt64("ceil_mode", pool.CeilMode ? 1 : 0));

    private static string ExportAvgPool(OnnxExportContext context, AvgPool2d pool, string input) =>
        context.AddNode(
            "AveragePool", [input],
            OnnxAttributeValue.FromInt64s("kernel_shape", [pool.KernelSize.Height, pool.KernelSize.Width]),
            OnnxAttributeValue.FromInt64s("strides", [pool.Stride.Height, pool.Stride.Width]),
            OnnxAttributeValue.FromInt64s("pads", Pads(pool.Padding)),
            OnnxAttributeValue.FromInt64("ceil_mode", pool.CeilMode ? 1 : 0),
            OnnxAttributeValue.FromInt64("count_include_pad", pool.CountIncludePad ? 1 : 0));

    private static string ExportFlatten(OnnxExportContext context, Flatten flatten, string input)
    {
        var shape = context.GetShape(input);
        if (shape is null)
        {
            if (flatten.StartDim == 1 && flatten.EndDim == -1)
            {
                return context.AddNode("Flatten", [input], OnnxAttributeValue.FromInt64("axis", 1));
            }

            throw new NotSupportedException(
                string.Create(CultureInfo.InvariantCulture, $"flattening dimensions {flatten.StartDim} to {flatten.EndDim} needs the input's shape, which is not known here"));
        }

        var rank = shape.Count;
        var start = flatten.StartDim < 0 ? flatten.StartDim + rank : flatten.StartDim;
        var end = flatten.EndDim < 0 ? flatten.EndDim + rank : flatten.EndDim;
        if (start < 0 || end >= rank || start > end)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"cannot flatten dimensions {flatten.StartDim} to {flatten.EndDim} of a rank-{rank} input"));
        }

        if (start == end)
        {
            return input;
        }

        if (start == 1 && end == rank - 1)
        {
            return context.AddNode("Flatten", [input], OnnxAttributeValue.FromInt64("axis", 1));
        }

        // Reshape: 0 copies the batch dimension, −1 absorbs it when the batch is merged.
        var target = new List<long>();
        for (var dimension = 0; dimension < rank; dimension++)
        {
            if (dimension == start)
            {
                target.Add(start == 0 ? -1 : shape.Skip(start).Take(end - start + 1).Aggregate(1L, (a, b) => a * b));
                dimension = end;
            }
            else
            {
                target.Add(dimension == 0 ? 0 : shape[dimension]);
            }
        }

        return context.AddNode("Reshape", [input, context.AddInt64Initializer(target.ToArray(), [target.Count], "shape")]);
    }

    private static string AdaptiveAlong(OnnxExportContext context, string input, int axis, long size, int outputs)
    {
        if (size == outputs)
        {
            return input;
        }

        var axes = context.AddInt64Initializer([axis], [1], "axes");
        var pieces = new string[outputs];
        for (var i = 0; i < outputs; i++)
        {
            var start = i * size / outputs;
            var end = (((i + 1) * size) + outputs - 1) / outputs;
            var slice = context.AddNode(
                "Slice", [input, context.AddInt64Initializer([start], [1], "start"), context.AddInt64Initializer([end], [1], "end"), axes]);
            pieces[i] = context.AddNode(
                "ReduceMean", [slice], OnnxAttributeValue.FromInt64s("axes", [axis]), OnnxAttributeValue.FromInt64("keepdims", 1));
        }

        return outputs == 1 ? pieces[0] : context.AddNode("Concat", pieces, OnnxAttributeValue.FromInt64("axis", axis));
    }

    private static long[] Pads(Size2d padding) => [padding.Height, padding.Width, padding.Height, padding.Width];
}
