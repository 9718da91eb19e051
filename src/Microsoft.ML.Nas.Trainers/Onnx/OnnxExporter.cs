using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML.Nas.Trainers.Training;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// Writes a NasML network as an ONNX model that ONNX Runtime (and ML.NET's <c>ApplyOnnxModel</c>) can score: the
/// input normalization, the network in evaluation mode (batch normalisation folded into convolutions), the output
/// head, and metadata (architecture, class labels).
/// </summary>
/// <remarks>
/// <para>
/// The graph targets ONNX opset <see cref="OpsetVersion"/> (IR version 7). Its input is <see cref="InputName"/>,
/// float32 <c>[batch, ...InputShape]</c> with the batch dimension named <see cref="BatchDimensionName"/>, so one file
/// scores any batch size. Classification models output <see cref="LogitsName"/> and <see cref="ProbabilitiesName"/>
/// (softmax over the classes), regression models <see cref="ScoreName"/>; all are float32 <c>[batch, K]</c>.
/// </para>
/// <para>
/// Each module is written by the converter that <see cref="OnnxConverterRegistry"/> finds for it (see there); the
/// export fails with an <see cref="OnnxExportException"/> naming the first module it cannot write. The model is not
/// changed: it is run once in evaluation mode without gradients (one zero sample, to learn shapes) and every module's
/// training mode is restored. Every tensor the export creates belongs to a TorchSharp dispose scope of its own and is
/// released before it returns.
/// </para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set version of the default domain that exported graphs use: 13.</summary>
    public const int OpsetVersion = 13;

    /// <summary>The producer name written to every model: <c>NasML</c>.</summary>
    public const string ProducerName = "NasML";

    /// <summary>The graph input's name: <c>input</c>.</summary>
    public const string InputName = "input";

    /// <summary>The name of the input's (and outputs') dynamic batch dimension: <c>batch</c>.</summary>
    public const string BatchDimensionName = "batch";

    /// <summary>The classification output holding the network's logits [batch, K]: <c>logits</c>.</summary>
    public const string LogitsName = "logits";

    /// <summary>The classification output holding the class probabilities (softmax of the logits) [batch, K]: <c>probabilities</c>.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The regression output [batch, outputs]: <c>score</c>.</summary>
    public const string ScoreName = "score";

    private const long IrVersion = 7;
    private static long s_temporaryFileCounter;

    /// <summary>
    /// Exports <paramref name="model"/> to the file <paramref name="path"/>. The file is written under a temporary name
    /// and renamed at the end, so an existing file is replaced only by a complete model, never by a failed export.
    /// </summary>
    /// <param name="model">The network; left unchanged (its training mode is restored).</param>
    /// <param name="options">The input shape, normalization, task, labels and metadata.</param>
    /// <param name="path">The file to write, normally ending in <c>.onnx</c>; its folder must exist.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid or does not fit the model; the message names it.</exception>
    /// <exception cref="OnnxExportException">A module cannot be exported; the message names its path and type.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void Export(nn.Module<Tensor, Tensor> model, OnnxExportOptions options, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = Build(model, options);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{fullPath}': the folder '{directory}' does not exist.");
        }

        var temporary = Path.Combine(
            directory,
            string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Interlocked.Increment(ref s_temporaryFileCounter)}.tmp"));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                proto.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Exports <paramref name="model"/> to a stream (see <see cref="Export(nn.Module{Tensor, Tensor}, OnnxExportOptions, string)"/>).</summary>
    /// <param name="model">The network; left unchanged.</param>
    /// <param name="options">The input shape, normalization, task, labels and metadata.</param>
    /// <param name="stream">A writable stream; nothing is written when the export fails.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid or does not fit the model.</exception>
    /// <exception cref="OnnxExportException">A module cannot be exported.</exception>
    public static void Export(nn.Module<Tensor, Tensor> model, OnnxExportOptions options, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Build(model, options).WriteTo(stream);
    }

    /// <summary>Builds the model in memory.</summary>
    internal static ModelProto Build(nn.Module<Tensor, Tensor> model, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var graph = new GraphProto { Name = "nasml" };
        // named_modules leaves out the root and lists parents before children, so restoring in this order (train()
        // sets a module's children too) ends with every module in its own mode.
        var modes = model.named_modules().Select(entry => (Module: entry.module, WasTraining: entry.module.training)).Prepend((model, model.training)).ToList();
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var context = new OnnxExportContext(graph, options.Converters ?? OnnxConverterRegistry.Default, options.FoldBatchNorm);
            AddNetwork(context, graph, model, options);
        }
        finally
        {
            foreach (var (module, wasTraining) in modes)
            {
                module.train(wasTraining);
            }
        }

        graph.Input.Add(ValueInfo(InputName, options.InputShape.Select(dimension => (long)dimension)));
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion(),
            ModelVersion = options.ModelVersion,
            DocString = options.Description ?? string.Empty,
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        AddMetadata(proto, options);
        return proto;
    }

    /// <summary>Adds the normalization, the network (traced by a batch of one zero sample) and the outputs.</summary>
    private static void AddNetwork(OnnxExportContext context, GraphProto graph, nn.Module<Tensor, Tensor> model, OnnxExportOptions options)
    {
        foreach (var reserved in new[] { InputName, LogitsName, ProbabilitiesName, ScoreName })
        {
            context.FreshName(reserved);
        }

        var traceShape = new long[options.InputShape.Count + 1];
        traceShape[0] = 1;
        for (var i = 0; i < options.InputShape.Count; i++)
        {
            traceShape[i + 1] = options.InputShape[i];
        }

        // The trace runs where the model's weights are, in their type.
        var firstParameter = model.parameters().FirstOrDefault();
        var trace = torch.zeros(traceShape, firstParameter?.dtype ?? ScalarType.Float32, firstParameter?.device ?? torch.CPU);
        context.DefineInput(InputName, trace);
        var normalized = AddNormalization(context, options);
        var output = context.Export(model, normalized);
        var outputShape = context.TraceOf(output)?.shape
            ?? throw new InvalidOperationException("The exporter lost track of the model's output shape.");
        AddOutputs(context, graph, options, output, outputShape);
    }

    private static void Validate(OnnxExportOptions options)
    {
        if (options.InputShape is null || options.InputShape.Count == 0 || options.InputShape.Any(dimension => dimension < 1))
        {
            throw new ArgumentException(
                $"InputShape must list the per-sample dimensions (e.g. [1, 28, 28] or [features]), each at least 1; found [{string.Join(", ", options.InputShape ?? [])}].",
                nameof(options));
        }

        if (options.InputNormalization is { } normalization && normalization.Count != options.InputShape[0])
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"InputNormalization has {normalization.Count} entries but the input has {options.InputShape[0]} channels or features (InputShape[0])."),
                nameof(options));
        }

        if (options.TargetStandardization is not null && options.Task != TrainingTask.Regression)
        {
            throw new ArgumentException("TargetStandardization is for regression models.", nameof(options));
        }

        if (options.ClassLabels is { } labels && (options.Task != TrainingTask.Classification || labels.Any(label => label is null)))
        {
            throw new ArgumentException("ClassLabels are for classification models and must not contain null.", nameof(options));
        }

        if (options.FeatureNames is { } names && (options.InputShape.Count != 1 || names.Count != options.InputShape[0] || names.Any(name => name is null)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"FeatureNames are for a [features] input: {names.Count} names for the input shape [{string.Join(", ", options.InputShape)}]."),
                nameof(options));
        }

        if (options.Metadata is { } metadata)
        {
            var reserved = new[] { OnnxMetadataKeys.Architecture, OnnxMetadataKeys.ClassLabels, OnnxMetadataKeys.FeatureNames, OnnxMetadataKeys.Task, OnnxMetadataKeys.InputShape, OnnxMetadataKeys.InputNormalization };
            foreach (var key in metadata.Keys.Where(key => string.IsNullOrEmpty(key) || reserved.Contains(key, StringComparer.Ordinal)))
            {
                throw new ArgumentException($"Metadata key '{key}' is empty or reserved for the exporter (see OnnxMetadataKeys).", nameof(options));
            }
        }
    }

    /// <summary>Adds NaN replacement, then (x − mean) / std along dimension 1, as the options ask.</summary>
    private static string AddNormalization(OnnxExportContext context, OnnxExportOptions options)
    {
        if (options.InputNormalization is not { } normalization)
        {
            return InputName;
        }

        // Statistics shaped [1, C, 1, ..., 1] broadcast along every dimension but the channels.
        var shape = new long[options.InputShape.Count + 1];
        Array.Fill(shape, 1L);
        shape[1] = normalization.Count;
        var current = InputName;
        if (normalization.MissingValueReplacement is { } replacement)
        {
            var isMissing = context.AddNode("IsNaN", [current]);
            current = context.AddNode("Where", [isMissing, context.AddInitializer(replacement.ToArray(), shape, "input_missing_value"), current]);
        }

        current = context.AddNode("Sub", [current, context.AddInitializer(normalization.Mean.ToArray(), shape, "input_mean")]);
        current = context.AddNode("Div", [current, context.AddInitializer(normalization.StandardDeviation.ToArray(), shape, "input_std")]);
        context.Trace(InputName, current, input => input.clone());
        return current;
    }

    private static void AddOutputs(OnnxExportContext context, GraphProto graph, OnnxExportOptions options, string output, long[] shape)
    {
        if (shape.Length != 2)
        {
            throw new ArgumentException(
                $"The model's output must be [batch, outputs] (logits or scores); it is [{string.Join(", ", shape)}] for a batch of one. End the network with Flatten and Linear.",
                nameof(options));
        }

        var width = shape[1];
        if (options.Task == TrainingTask.Classification)
        {
            if (options.ClassLabels is { } labels && labels.Count != width)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"ClassLabels has {labels.Count} labels but the model outputs {width} logits."),
                    nameof(options));
            }

            context.AddNamedNode("Identity", [output], LogitsName);
            context.AddNamedNode("Softmax", [LogitsName], ProbabilitiesName, OnnxAttributeValue.FromInt64("axis", 1));
            graph.Output.Add(ValueInfo(LogitsName, [width]));
            graph.Output.Add(ValueInfo(ProbabilitiesName, [width]));
        }
        else
        {
            if (options.TargetStandardization is { } standardization)
            {
                // score = value · σ + μ, as NasModel.PredictValues restores targets.
                output = context.AddNode("Mul", [output, context.AddScalar((float)standardization.StandardDeviation, "target_std")]);
                output = context.AddNode("Add", [output, context.AddScalar((float)standardization.Mean, "target_mean")]);
            }

            context.AddNamedNode("Identity", [output], ScoreName);
            graph.Output.Add(ValueInfo(ScoreName, [width]));
        }
    }

    /// <summary>A float32 tensor value [batch, ...dimensions].</summary>
    private static ValueInfoProto ValueInfo(string name, IEnumerable<long> dimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimensionName });
        shape.Dim.AddRange(dimensions.Select(dimension => new TensorShapeProto.Types.Dimension { DimValue = dimension }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    private static void AddMetadata(ModelProto proto, OnnxExportOptions options)
    {
        void Add(string key, string value) => proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

        Add(OnnxMetadataKeys.Task, options.Task == TrainingTask.Classification ? "classification" : "regression");
        Add(OnnxMetadataKeys.InputShape, Json(writer => WriteArray(writer, options.InputShape)));
        if (options.InputNormalization is { } normalization)
        {
            Add(OnnxMetadataKeys.InputNormalization, Json(writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("mean");
                WriteArray(writer, normalization.Mean);
                writer.WritePropertyName("std");
                WriteArray(writer, normalization.StandardDeviation);
                writer.WritePropertyName("missing");
                if (normalization.MissingValueReplacement is { } replacement)
                {
                    WriteArray(writer, replacement);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteEndObject();
            }));
        }

        if (options.ClassLabels is { } labels)
        {
            Add(OnnxMetadataKeys.ClassLabels, Json(writer => WriteArray(writer, labels)));
        }

        if (options.FeatureNames is { } featureNames)
        {
            Add(OnnxMetadataKeys.FeatureNames, Json(writer => WriteArray(writer, featureNames)));
        }

        if (options.ArchitectureJson is { } architecture)
        {
            Add(OnnxMetadataKeys.Architecture, architecture);
        }

        foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            Add(key, value ?? string.Empty);
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable<float> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable<int> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ProducerVersion()
    {
        var assembly = typeof(OnnxExporter).Assembly;
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The export's own exception matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
