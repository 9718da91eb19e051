using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// The built-in ONNX converters of NasML's architecture blocks (Architectures/Blocks), written from the blocks'
/// Forward methods: every convolution followed by batch normalisation is exported folded (when the options ask).
/// </summary>
/// <remarks>
/// The blocks keep their layers private, so the converters find them by their registered names (the state-dict names,
/// e.g. <c>conv1</c>, <c>bn1</c>); a renamed child fails the export with a message naming the block and the child.
/// </remarks>
internal static class ArchitectureBlockConverters
{
    public static void RegisterAll(OnnxConverterRegistry registry)
    {
        registry
            .Register<NetworkModule>(ExportNetwork)
            .Register<ConvBnAct>(ExportConvBnAct)
            .Register<BatchNormAct>(ExportBatchNormAct)
            .Register<ReluConvBn>(ExportReluConvBn)
            .Register<SqueezeExcite>(ExportSqueezeExcite)
            .Register<InvertedResidual>(ExportInvertedResidual)
            .Register<BasicBlock>(ExportBasicBlock)
            .Register<Bottleneck>(ExportBottleneck)
            .Register<DenseBlock>(ExportDenseBlock)
            .Register<Classifier>(ExportClassifier)
            .Register<NasBench201Cell>(ExportNasBench201Cell)
            .Register<NasBench201ReductionBlock>(ExportNasBench201Reduction);
    }

    /// <summary>Adds an activation of <see cref="Activation"/> (the identity for <see cref="Activation.None"/>).</summary>
    public static string AddActivation(OnnxExportContext context, Activation activation, string input) => activation switch
    {
        Activation.None => input,
        Activation.ReLU => context.AddNode("Relu", [input]),
        Activation.ReLU6 => StandardLayerConverters.AddReLU6(context, input),
        Activation.Hardswish => StandardLayerConverters.AddHardswish(context, input),
        Activation.SiLU => StandardLayerConverters.AddSiLU(context, input),
        Activation.GELU => StandardLayerConverters.AddGelu(context, input, GeluApproximation.None),
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
        AddActivation(context, block.Activation, context.Export(Child<BatchNorm>(block, "bn"), input));

    private static string ExportReluConvBn(OnnxExportContext context, ReluConvBn block, string input) =>
        context.ExportConvolutionBatchNorm(Child<Conv2d>(block, "conv"), Child<BatchNorm2d>(block, "bn"), context.AddNode("Relu", [input]));

    /// <summary>x · hardsigmoid(fc2(relu(fc1(global-average-pool(x))))).</summary>
    private static string ExportSqueezeExcite(OnnxExportContext context, SqueezeExcite block, string input)
    {
        var pooled = context.AddNode("GlobalAveragePool", [input]);
        var squeezed = context.AddNode("Relu", [context.Export(Child<Conv2d>(block, "fc1"), pooled)]);
        var gate = StandardLayerConverters.AddHardsigmoid(context, context.Export(Child<Conv2d>(block, "fc2"), squeezed));
        return context.AddNode("Mul", [input, gate]);
    }

    private static string ExportInvertedResidual(OnnxExportContext context, InvertedResidual block, string input)
    {
        var current = input;
        foreach (var name in new[] { "expand", "depthwise", "se", "project" })
        {
            if (OptionalChild<Module>(block, name) is { } layer)
            {
                current = context.Export(layer, current);
            }
        }

        return block.HasShortcut ? context.AddNode("Add", [current, input]) : current;
    }

    private static string ExportBasicBlock(OnnxExportContext context, BasicBlock block, string input)
    {
        var current = ConvBn(context, block, input, "conv1", "bn1");
        current = ConvBn(context, block, context.AddNode("Relu", [current]), "conv2", "bn2");
        return context.AddNode("Relu", [AddShortcut(context, block, current, input)]);
    }

    private static string ExportBottleneck(OnnxExportContext context, Bottleneck block, string input)
    {
        var current = ConvBn(context, block, input, "conv1", "bn1");
        current = ConvBn(context, block, context.AddNode("Relu", [current]), "conv2", "bn2");
        current = ConvBn(context, block, context.AddNode("Relu", [current]), "conv3", "bn3");
        return context.AddNode("Relu", [AddShortcut(context, block, current, input)]);
    }

    /// <summary>linear → batch norm? → activation → (dropout: nothing at inference) → + input when residual.</summary>
    private static string ExportDenseBlock(OnnxExportContext context, DenseBlock block, string input)
    {
        var current = context.Export(Child<Linear>(block, "linear"), input);
        if (OptionalChild<BatchNorm1d>(block, "norm") is { } norm)
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
            context.Trace(input, current, value =>
            {
                using var averaged = Functional.AdaptiveAvgPool2d(value, 1);
                return Functional.Flatten(averaged, 1);
            });
        }

        return context.Export(Child<Linear>(block, "fc"), current);
    }

    /// <summary>
    /// The NAS-Bench-201 cell DAG: node j = Σ_{i&lt;j} edge_{ij}(node i) over the edges that are not "none" (edges in
    /// the order (0→1), (0→2), (1→2), (0→3), (1→3), (2→3)); a node without incoming edges is zero.
    /// </summary>
    private static string ExportNasBench201Cell(OnnxExportContext context, NasBench201Cell block, string input)
    {
        var edges = Child<ModuleList>(block, "edges");
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

    private static string ExportNasBench201Reduction(OnnxExportContext context, NasBench201ReductionBlock block, string input)
    {
        var current = context.Export(Child<ReluConvBn>(block, "conv_a"), input);
        current = context.Export(Child<ReluConvBn>(block, "conv_b"), current);
        var residual = context.Export(Child<Sequential>(block, "downsample"), input);
        return context.AddNode("Add", [residual, current]);
    }

    private static string ConvBn(OnnxExportContext context, Module block, string input, string convolution, string batchNorm) =>
        context.ExportConvolutionBatchNorm(Child<Conv2d>(block, convolution), Child<BatchNorm2d>(block, batchNorm), input);

    /// <summary>branch + (downsample(input) when the block has one, else input).</summary>
    private static string AddShortcut(OnnxExportContext context, Module block, string branch, string input)
    {
        var shortcut = OptionalChild<Sequential>(block, "downsample") is { } downsample ? context.Export(downsample, input) : input;
        return context.AddNode("Add", [branch, shortcut]);
    }

    private static T Child<T>(Module block, string name)
        where T : Module =>
        OptionalChild<T>(block, name)
        ?? throw new InvalidOperationException(
            $"{block.GetType().Name} has no child '{name}' of type {typeof(T).Name}; the block changed, so its ONNX converter (Onnx/ArchitectureBlockConverters.cs) needs updating.");

    private static T? OptionalChild<T>(Module block, string name)
        where T : Module
    {
        foreach (var (childName, child) in block.NamedChildren())
        {
            if (childName == name)
            {
                return child as T ?? throw new InvalidOperationException(
                    $"{block.GetType().Name}'s child '{name}' is a {child.GetType().Name}, not a {typeof(T).Name}; its ONNX converter (Onnx/ArchitectureBlockConverters.cs) needs updating.");
            }
        }

        return null;
    }
}
