using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>The built-in ONNX converters of TorchSharp's standard layers (opset 13).</summary>
/// <remarks>
/// Layers that do nothing at inference (every dropout, <see cref="Identity"/>) return their input. A
/// <see cref="ModuleList{T}"/> has no converter: it holds modules but computes nothing, so the converter of the module
/// that owns it exports its items.
/// </remarks>
internal static class StandardLayerConverters
{
    public static IEnumerable<KeyValuePair<Type, Func<OnnxExportContext, nn.Module, string, string>>> All() =>
    [
        OnnxConverterRegistry.Entry<Sequential>(ExportSequential),
        OnnxConverterRegistry.Entry<Conv2d>(ExportConvolution),
        OnnxConverterRegistry.Entry<Linear>(ExportLinear),
        OnnxConverterRegistry.Entry<BatchNorm>(ExportBatchNorm),
        OnnxConverterRegistry.Entry<BatchNorm1d>(ExportBatchNorm),
        OnnxConverterRegistry.Entry<BatchNorm2d>(ExportBatchNorm),
        OnnxConverterRegistry.Entry<Dropout>(static (_, _, input) => input),
        OnnxConverterRegistry.Entry<Dropout1d>(static (_, _, input) => input),
        OnnxConverterRegistry.Entry<Dropout2d>(static (_, _, input) => input),
        OnnxConverterRegistry.Entry<Identity>(static (_, _, input) => input),
        OnnxConverterRegistry.Entry<ReLU>(static (context, _, input) => context.AddNode("Relu", [input])),
        OnnxConverterRegistry.Entry<ReLU6>(static (context, _, input) => AddReLU6(context, input)),
        OnnxConverterRegistry.Entry<LeakyReLU>(static (context, module, input) =>
            context.AddNode("LeakyRelu", [input], OnnxAttributeValue.FromSingle("alpha", (float)module.negative_slope))),
        OnnxConverterRegistry.Entry<Sigmoid>(static (context, _, input) => context.AddNode("Sigmoid", [input])),
        OnnxConverterRegistry.Entry<Tanh>(static (context, _, input) => context.AddNode("Tanh", [input])),
        OnnxConverterRegistry.Entry<Hardsigmoid>(static (context, _, input) => AddHardsigmoid(context, input)),
        OnnxConverterRegistry.Entry<Hardswish>(static (context, _, input) => AddHardswish(context, input)),
        OnnxConverterRegistry.Entry<SiLU>(static (context, _, input) => AddSiLU(context, input)),
        OnnxConverterRegistry.Entry<GELU>(static (context, module, input) =>
            AddGelu(context, input, tanhApproximation: module.approximate == GELU.Approximate.tanh)),
        OnnxConverterRegistry.Entry<MaxPool2d>(ExportMaxPool),
        OnnxConverterRegistry.Entry<AvgPool2d>(ExportAvgPool),
        OnnxConverterRegistry.Entry<AdaptiveAvgPool2d>(ExportAdaptiveAveragePool),
        OnnxConverterRegistry.Entry<Flatten>(ExportFlatten),
    ];

    /// <summary>Exports the children in order, folding each BatchNorm2d that directly follows a Conv2d into it.</summary>
    public static string ExportSequential(OnnxExportContext context, Sequential sequential, string input)
    {
        var children = sequential.children().ToList();
        var current = input;
        for (var index = 0; index < children.Count; index++)
        {
            if (children[index] is Conv2d convolution && index + 1 < children.Count && children[index + 1] is BatchNorm2d batchNorm)
            {
                current = context.ExportConvolutionBatchNorm(convolution, batchNorm, current);
                index++;
            }
            else
            {
                current = context.Export(children[index], current);
            }
        }

        return current;
    }

    /// <summary>Adds a Conv node with the layer's geometry and the given weight and (optional) bias initializers.</summary>
    public static string AddConvolution(OnnxExportContext context, Conv2d convolution, string input, string weight, string? bias)
    {
        if (convolution.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"convolutions with padding mode {convolution.padding_mode} have no ONNX Conv form; only zero padding exports");
        }

        return context.AddNode(
            "Conv",
            bias is null ? [input, weight] : [input, weight, bias],
            OnnxAttributeValue.FromInt64s("kernel_shape", Pair(convolution.kernel_size, 1)),
            OnnxAttributeValue.FromInt64s("strides", Pair(convolution.stride, 1)),
            OnnxAttributeValue.FromInt64s("pads", ConvolutionPads(convolution)),
            OnnxAttributeValue.FromInt64s("dilations", Pair(convolution.dilation, 1)),
            OnnxAttributeValue.FromInt64("group", convolution.groups));
    }

    /// <summary>
    /// The ONNX pads [top, left, bottom, right] of a convolution: its explicit padding, none for
    /// <see cref="Padding.Valid"/>, and for <see cref="Padding.Same"/> PyTorch's split of dilation · (kernel − 1) with
    /// the odd element at the end.
    /// </summary>
    public static long[] ConvolutionPads(Conv2d convolution)
    {
        switch (convolution.padding_type)
        {
            case Padding.Valid:
                return [0, 0, 0, 0];
            case Padding.Same:
                var kernel = Pair(convolution.kernel_size, 1);
                var dilation = Pair(convolution.dilation, 1);
                var total = new[] { dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1) };
                return [total[0] / 2, total[1] / 2, total[0] - (total[0] / 2), total[1] - (total[1] / 2)];
            default:
                return Pads(convolution.padding);
        }
    }

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
    public static string AddGelu(OnnxExportContext context, string input, bool tanhApproximation)
    {
        string inner;
        if (tanhApproximation)
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
    public static string AddAdaptiveAveragePool(OnnxExportContext context, string input, long outputHeight, long outputWidth)
    {
        if (outputHeight == 1 && outputWidth == 1)
        {
            return context.AddNode("GlobalAveragePool", [input]);
        }

        var shape = context.GetShape(input);
        if (shape is not { Count: 4 })
        {
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture,
                $"adaptive average pooling to {outputHeight} × {outputWidth} needs the input's height and width, which are not known here (only output size 1 works on any input)"));
        }

        var (height, width) = (shape[2], shape[3]);
        if (height % outputHeight == 0 && width % outputWidth == 0)
        {
            var kernel = new[] { height / outputHeight, width / outputWidth };
            return context.AddNode(
                "AveragePool", [input],
                OnnxAttributeValue.FromInt64s("kernel_shape", kernel),
                OnnxAttributeValue.FromInt64s("strides", kernel));
        }

        var rows = AdaptiveAlong(context, input, axis: 2, height, outputHeight);
        return AdaptiveAlong(context, rows, axis: 3, width, outputWidth);
    }

    private static string ExportAdaptiveAveragePool(OnnxExportContext context, AdaptiveAvgPool2d pool, string input)
    {
        var size = pool.output_size;
        if (size is not { Length: >= 1 } || size.Any(dimension => dimension < 1))
        {
            throw new NotSupportedException(
                $"adaptive average pooling needs a fixed output size; found [{string.Join(", ", size ?? [])}]");
        }

        return AddAdaptiveAveragePool(context, input, size[0], size.Length > 1 ? size[1] : size[0]);
    }

    private static string ExportConvolution(OnnxExportContext context, Conv2d convolution, string input)
    {
        var weight = context.AddInitializer(convolution.weight, "weight");
        var bias = convolution.bias is { } b ? context.AddInitializer(b, "bias") : null;
        return AddConvolution(context, convolution, input, weight, bias);
    }

    private static string ExportLinear(OnnxExportContext context, Linear linear, string input)
    {
        var rank = context.GetShape(input)?.Count;
        if (rank == 2)
        {
            var weight = context.AddInitializer(linear.weight, "weight");
            var inputs = linear.bias is { } b ? new[] { input, weight, context.AddInitializer(b, "bias") } : new[] { input, weight };
            return context.AddNode("Gemm", inputs, OnnxAttributeValue.FromInt64("transB", 1));
        }

        // MatMul broadcasts over any leading dimensions; Gemm takes only matrices.
        string transposedWeight;
        using (var detached = linear.weight.detach())
        using (var transposed = detached.t())
        {
            transposedWeight = context.AddInitializer(transposed, "weight_transposed");
        }

        var product = context.AddNode("MatMul", [input, transposedWeight]);
        return linear.bias is { } bias ? context.AddNode("Add", [product, context.AddInitializer(bias, "bias")]) : product;
    }

    private static string ExportBatchNorm(OnnxExportContext context, BatchNorm batchNorm, string input)
    {
        if (batchNorm.running_mean is null || batchNorm.running_var is null)
        {
            throw new NotSupportedException(
                "batch normalisation without running statistics (track_running_stats: false) normalises every batch with its own statistics; only layers with running statistics export");
        }

        var channels = (int)batchNorm.num_features;
        var scale = batchNorm.weight is { } weight
            ? context.AddInitializer(weight, "weight")
            : context.AddInitializer(Enumerable.Repeat(1f, channels).ToArray(), [channels], "weight");
        var shift = batchNorm.bias is { } bias
            ? context.AddInitializer(bias, "bias")
            : context.AddInitializer(new float[channels], [channels], "bias");
        var mean = context.AddInitializer(batchNorm.running_mean, "running_mean");
        var variance = context.AddInitializer(batchNorm.running_var, "running_var");
        return context.AddNode(
            "BatchNormalization", [input, scale, shift, mean, variance], OnnxAttributeValue.FromSingle("epsilon", (float)batchNorm.eps));
    }

    private static string ExportMaxPool(OnnxExportContext context, MaxPool2d pool, string input)
    {
        var kernel = Pair(pool.kernel_size, 1);
        return context.AddNode(
            "MaxPool", [input],
            OnnxAttributeValue.FromInt64s("kernel_shape", kernel),
            OnnxAttributeValue.FromInt64s("strides", pool.stride is { Length: > 0 } stride ? Pair(stride, 1) : kernel),
            OnnxAttributeValue.FromInt64s("pads", Pads(pool.padding)),
            OnnxAttributeValue.FromInt64s("dilations", Pair(pool.dilation, 1)),
            OnnxAttributeValue.FromInt64("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private static string ExportAvgPool(OnnxExportContext context, AvgPool2d pool, string input)
    {
        if (pool.divisor_override is { } divisor)
        {
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture, $"average pooling with a divisor override ({divisor}) has no ONNX AveragePool form"));
        }

        var kernel = Pair(pool.kernel_size, 1);
        return context.AddNode(
            "AveragePool", [input],
            OnnxAttributeValue.FromInt64s("kernel_shape", kernel),
            OnnxAttributeValue.FromInt64s("strides", pool.stride is { Length: > 0 } stride ? Pair(stride, 1) : kernel),
            OnnxAttributeValue.FromInt64s("pads", Pads(pool.padding)),
            OnnxAttributeValue.FromInt64("ceil_mode", pool.ceil_mode ? 1 : 0),
            OnnxAttributeValue.FromInt64("count_include_pad", pool.count_include_pad ? 1 : 0));
    }

    private static string ExportFlatten(OnnxExportContext context, Flatten flatten, string input)
    {
        var shape = context.GetShape(input);
        if (shape is null)
        {
            if (flatten.start_dim == 1 && flatten.end_dim == -1)
            {
                return context.AddNode("Flatten", [input], OnnxAttributeValue.FromInt64("axis", 1));
            }

            throw new NotSupportedException(
                string.Create(CultureInfo.InvariantCulture, $"flattening dimensions {flatten.start_dim} to {flatten.end_dim} needs the input's shape, which is not known here"));
        }

        var rank = shape.Count;
        var start = (int)(flatten.start_dim < 0 ? flatten.start_dim + rank : flatten.start_dim);
        var end = (int)(flatten.end_dim < 0 ? flatten.end_dim + rank : flatten.end_dim);
        if (start < 0 || end >= rank || start > end)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"cannot flatten dimensions {flatten.start_dim} to {flatten.end_dim} of a rank-{rank} input"));
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

    private static string AdaptiveAlong(OnnxExportContext context, string input, int axis, long size, long outputs)
    {
        if (size == outputs)
        {
            return input;
        }

        var axes = context.AddInt64Initializer([axis], [1], "axes");
        var pieces = new string[outputs];
        for (long i = 0; i < outputs; i++)
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

    /// <summary>A 2-d size as [height, width]: a TorchSharp size array of one or two entries, or the default for none.</summary>
    private static long[] Pair(long[]? size, long fallback) => size switch
    {
        null or { Length: 0 } => [fallback, fallback],
        { Length: 1 } => [size[0], size[0]],
        _ => [size[0], size[1]],
    };

    /// <summary>ONNX pads [top, left, bottom, right] from TorchSharp's symmetric [height, width] padding.</summary>
    private static long[] Pads(long[]? padding)
    {
        var (height, width) = (Pair(padding, 0)[0], Pair(padding, 0)[1]);
        return [height, width, height, width];
    }
}
