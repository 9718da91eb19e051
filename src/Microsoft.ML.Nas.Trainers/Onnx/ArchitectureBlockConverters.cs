using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// The built-in ONNX converters of NasML's architecture blocks (Architectures/Blocks), one per block type, written from
/// the blocks' forward methods: every convolution followed by batch normalisation is exported folded (when the options
/// ask), and dropout is left out (the identity at inference).
/// </summary>
/// <remarks>
/// This file is the one home of the block converters. They read a block's children and configuration through its
/// internal typed properties (<c>Conv</c>, <c>Expand</c>, <c>HasShortcut</c>, ...), so renaming or retyping a child
/// breaks the build here instead of failing an export at run time. A block whose forward changes needs the same change
/// here; the ONNX parity tests (ArchitectureSpaceExportTests) run every bundled space through ONNX Runtime and catch a
/// converter that no longer matches its block. User modules do not belong here: they implement
/// <see cref="IOnnxExportable"/> or get a converter through <see cref="OnnxConverterRegistry.With{TModule}"/>.
/// </remarks>
internal static class ArchitectureBlockConverters
{
    public static IEnumerable<KeyValuePair<Type, Func<OnnxExportContext, nn.Module, string, string>>> All() =>
    [
        OnnxConverterRegistry.Entry<NetworkModule>(ExportNetwork),
        OnnxConverterRegistry.Entry<ConvBnAct>(ExportConvBnAct),
        OnnxConverterRegistry.Entry<BatchNormAct>(ExportBatchNormAct),
        OnnxConverterRegistry.Entry<ReluConvBn>(ExportReluConvBn),
        OnnxConverterRegistry.Entry<SqueezeExcite>(ExportSqueezeExcite),
        OnnxConverterRegistry.Entry<InvertedResidual>(ExportInvertedResidual),
        OnnxConverterRegistry.Entry<BasicBlock>(ExportBasicBlock),
        OnnxConverterRegistry.Entry<Bottleneck>(ExportBottleneck),
        OnnxConverterRegistry.Entry<DenseBlock>(ExportDenseBlock),
        OnnxConverterRegistry.Entry<Classifier>(ExportClassifier),
        OnnxConverterRegistry.Entry<NasBench201Cell>(ExportNasBench201Cell),
        OnnxConverterRegistry.Entry<NasBench201ReductionBlock>(ExportNasBench201Reduction),
    ];

    /// <summary>Adds an activation of <see cref="Activation"/> (the identity for <see cref="Activation.None"/>).</summary>
    public static string AddActivation(OnnxExportContext context, Activation activation, string input) => activation switch
    {
        Activation.None => input,
        Activation.ReLU => context.AddNode("Relu", [input]),
        Activation.ReLU6 => StandardLayerConverters.AddReLU6(context, input),
        Activation.Hardswish => StandardLayerConverters.AddHardswish(context, input),
        Activation.SiLU => StandardLayerConverters.AddSiLU(context, input),
        Activation.GELU => StandardLayerConverters.AddGelu(context, input, tanhApproximation: false),
        _ => throw new NotSupportedException($"no ONNX form for the activation {activation}"),
    };

    private static string ExportNetwork(OnnxExportContext context, NetworkModule network, string input)
    {
        var current = input;
        foreach (var layer in network.Layers)
        {
            current = context.Export(layer, current);
        }

        return current;
    }

    private static string ExportConvBnAct(OnnxExportContext context, ConvBnAct block, string input) =>
        AddActivation(context, block.Activation, context.ExportConvolutionBatchNorm(block.Conv, block.BatchNorm, input));

    private static string ExportBatchNormAct(OnnxExportContext context, BatchNormAct block, string input) =>
        AddActivation(context, block.Activation, context.Export(block.Bn, input));

    private static string ExportReluConvBn(OnnxExportContext context, ReluConvBn block, string input) =>
        context.ExportConvolutionBatchNorm(block.Conv, block.Bn, context.AddNode("Relu", [input]));

    /// <summary>x · hardsigmoid(fc2(relu(fc1(global-average-pool(x))))).</summary>
    private static string ExportSqueezeExcite(OnnxExportContext context, SqueezeExcite block, string input)
    {
        var pooled = context.AddNode("GlobalAveragePool", [input]);
        var squeezed = context.AddNode("Relu", [context.Export(block.Fc1, pooled)]);
        var gate = StandardLayerConverters.AddHardsigmoid(context, context.Export(block.Fc2, squeezed));
        return context.AddNode("Mul", [input, gate]);
    }

    /// <summary>[x +] project(se(depthwise(expand(x)))), the expansion and squeeze-excitation when present.</summary>
    private static string ExportInvertedResidual(OnnxExportContext context, InvertedResidual block, string input)
    {
        var current = block.Expand is { } expand ? context.Export(expand, input) : input;
        current = context.Export(block.Depthwise, current);
        if (block.SqueezeExcite is { } squeezeExcite)
        {
            current = context.Export(squeezeExcite, current);
        }

        current = context.Export(block.Project, current);
        return block.HasShortcut ? context.AddNode("Add", [current, input]) : current;
    }

    /// <summary>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).</summary>
    private static string ExportBasicBlock(OnnxExportContext context, BasicBlock block, string input)
    {
        var current = context.ExportConvolutionBatchNorm(block.Conv1, block.Bn1, input);
        current = context.ExportConvolutionBatchNorm(block.Conv2, block.Bn2, context.AddNode("Relu", [current]));
        return context.AddNode("Relu", [AddShortcut(context, block.Downsample, current, input)]);
    }

    /// <summary>relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x)).</summary>
    private static string ExportBottleneck(OnnxExportContext context, Bottleneck block, string input)
    {
        var current = context.ExportConvolutionBatchNorm(block.Conv1, block.Bn1, input);
        current = context.ExportConvolutionBatchNorm(block.Conv2, block.Bn2, context.AddNode("Relu", [current]));
        current = context.ExportConvolutionBatchNorm(block.Conv3, block.Bn3, context.AddNode("Relu", [current]));
        return context.AddNode("Relu", [AddShortcut(context, block.Downsample, current, input)]);
    }

    /// <summary>linear → batch norm? → activation → (dropout: nothing at inference) → + input when residual.</summary>
    private static string ExportDenseBlock(OnnxExportContext context, DenseBlock block, string input)
    {
        var current = context.Export(block.Linear, input);
        if (block.Norm is { } norm)
        {
            current = context.Export(norm, current);
        }

        current = AddActivation(context, block.Activation, current);
        return block.Residual ? context.AddNode("Add", [current, input]) : current;
    }

    /// <summary>(global average pool → flatten, for images) → (dropout: nothing at inference) → fc.</summary>
    private static string ExportClassifier(OnnxExportContext context, Classifier block, string input)
    {
        var current = input;
        if (block.PoolImage)
        {
            var pooled = context.AddNode("GlobalAveragePool", [input]);
            current = context.AddNode("Flatten", [pooled], OnnxAttributeValue.FromInt64("axis", 1));
            context.Trace(input, current, value => nn.functional.adaptive_avg_pool2d(value, 1).flatten(1));
        }

        return context.Export(block.Fc, current);
    }

    /// <summary>
    /// The NAS-Bench-201 cell DAG: node j = Σ_{i&lt;j} edge_{ij}(node i) over the edges that are not "none" (edges in
    /// the order (0→1), (0→2), (1→2), (0→3), (1→3), (2→3)); a node without incoming edges is zero.
    /// </summary>
    private static string ExportNasBench201Cell(OnnxExportContext context, NasBench201Cell block, string input)
    {
        var edges = block.Edges;
        var nodes = new List<string>(4) { input };
        var edge = 0;
        for (var target = 1; target <= 3; target++)
        {
            string? sum = null;
            for (var source = 0; source < target; source++, edge++)
            {
                var operation = block.Operations[edge];
                if (operation == NasBench201Operation.None)
                {
                    continue;
                }

                var contribution = operation == NasBench201Operation.SkipConnect
                    ? nodes[source]
                    : context.Export(edges[edge], nodes[source]);
                sum = sum is null ? contribution : context.AddNode("Add", [sum, contribution]);
            }

            nodes.Add(sum ?? context.AddNode("Mul", [input, context.AddScalar(0f, "zero")]));
        }

        return nodes[3];
    }

    /// <summary>downsample(x) + conv_b(conv_a(x)).</summary>
    private static string ExportNasBench201Reduction(OnnxExportContext context, NasBench201ReductionBlock block, string input)
    {
        var current = context.Export(block.ConvA, input);
        current = context.Export(block.ConvB, current);
        var residual = context.Export(block.Downsample, input);
        return context.AddNode("Add", [residual, current]);
    }

    /// <summary>branch + (downsample(input) when the block has one, else input).</summary>
    private static string AddShortcut(OnnxExportContext context, nn.Module<Tensor, Tensor>? downsample, string branch, string input)
    {
        var shortcut = downsample is null ? input : context.Export(downsample, input);
        return context.AddNode("Add", [branch, shortcut]);
    }
}
