using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// The graph being built during an ONNX export, as converters see it: add initializers (weights) and nodes, get fresh
/// value names, export child modules, and read the shapes of values at module boundaries.
/// </summary>
/// <remarks>
/// <para>
/// Values are named strings. A converter receives its input value's name and returns its output value's name; it may
/// return the input itself (a layer that does nothing at inference, such as dropout). Names derive from the module path
/// (<c>features.0.weight</c> for an initializer, <c>features.0/Conv</c> for a node and its output), so the exported
/// graph reads like the model's state dict.
/// </para>
/// <para>
/// Shapes: the exporter runs the model (evaluation mode, no gradient, a batch of one zero sample) alongside the export,
/// so the shape of every value that is a module's input or output is known (<see cref="GetShape"/>). Values made by
/// <see cref="AddNode(string, IReadOnlyList{string}, OnnxAttributeValue[])"/> inside a converter have no recorded shape.
/// The tensors of that run belong to the exporter's TorchSharp dispose scope and are released when the export ends.
/// </para>
/// </remarks>
public sealed partial class OnnxExportContext
{
    private readonly OnnxConverterRegistry _registry;
    private readonly GraphProto _graph;
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _traces = new(StringComparer.Ordinal);
    private readonly Stack<(string Path, nn.Module Module)> _modules = new();

    internal OnnxExportContext(GraphProto graph, OnnxConverterRegistry registry, bool foldBatchNorm)
    {
        _graph = graph;
        _registry = registry;
        FoldsBatchNorm = foldBatchNorm;
    }

    /// <summary>
    /// Gets the dotted path of the module being exported (<c>features.3.block</c>), as in the model's state dict; empty
    /// for the root module.
    /// </summary>
    public string ModulePath => _modules.Count == 0 ? string.Empty : _modules.Peek().Path;

    /// <summary>
    /// Gets a value indicating whether batch normalisation that directly follows a convolution is folded into the
    /// convolution's weights (<see cref="OnnxExportOptions.FoldBatchNorm"/>).
    /// </summary>
    public bool FoldsBatchNorm { get; }

    /// <summary>
    /// Exports a module: the converter that <see cref="OnnxConverterRegistry"/> finds for its type, else its
    /// <see cref="IOnnxExportable"/> implementation. Converters of composite modules call this for their children.
    /// </summary>
    /// <param name="module">
    /// The module; a descendant of the module being exported gets its dotted name appended to <see cref="ModulePath"/>
    /// (<c>edges.3</c>), another module its type name. A module that is not a TorchSharp <c>nn.Module&lt;Tensor, Tensor&gt;</c>
    /// (such as a <c>ModuleList</c>) has no forward, so its output's shape is not recorded.
    /// </param>
    /// <param name="input">The name of the module's input value.</param>
    /// <returns>The name of the module's output value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> or <paramref name="input"/> is null.</exception>
    /// <exception cref="OnnxExportException">
    /// No converter is known for the module's type (the message says how to register one), or its converter failed; the
    /// message names the module's path.
    /// </exception>
    public string Export(nn.Module module, string input)
    {
        ArgumentNullException.ThrowIfNull(module);
        RequireValue(input, nameof(input));
        var typeName = TypeName(module.GetType());
        return AtModule(module, path =>
        {
            var converter = _registry.Find(module)
                ?? throw new OnnxExportException(path, typeName, NoConverterMessage(module.GetType(), typeName));
            var output = converter(this, module, input);
            if (string.IsNullOrEmpty(output) || !_values.Contains(output))
            {
                throw new OnnxExportException(
                    path, typeName, $"the converter for '{typeName}' returned '{output}', which is not a value of the graph");
            }

            if (module is nn.Module<Tensor, Tensor> runnable)
            {
                Trace(input, output, runnable.call);
            }

            return output;
        });
    }

    /// <summary>
    /// Adds a constant tensor (a weight) to the graph as a float32 initializer; float64 and float16 tensors are converted.
    /// </summary>
    /// <param name="tensor">The tensor; its values are copied now.</param>
    /// <param name="nameHint">The name's last part; the initializer is named <c>{ModulePath}.{nameHint}</c>, made unique.</param>
    /// <returns>The initializer's name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="nameHint"/> is empty, or the tensor is not floating point.</exception>
    public string AddInitializer(Tensor tensor, string nameHint)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return AddInitializer(ToSingles(tensor), tensor.shape, nameHint);
    }

    /// <summary>Adds a float32 initializer.</summary>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="dimensions">The shape; empty for a scalar.</param>
    /// <param name="nameHint">The name's last part; the initializer is named <c>{ModulePath}.{nameHint}</c>, made unique.</param>
    /// <returns>The initializer's name.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="nameHint"/> is empty, a dimension is negative, or the number of values does not match the shape.
    /// </exception>
    public string AddInitializer(ReadOnlySpan<float> values, ReadOnlySpan<long> dimensions, string nameHint)
    {
        var proto = NewInitializer(TensorProto.Types.DataType.Float, values.Length, dimensions, nameHint);
        if (BitConverter.IsLittleEndian)
        {
            proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        }
        else
        {
            proto.FloatData.AddRange(values.ToArray());
        }

        return Register(proto);
    }

    /// <summary>Adds an int64 initializer (shapes, axes, indices).</summary>
    /// <param name="values">The values in row-major order.</param>
    /// <param name="dimensions">The shape; empty for a scalar.</param>
    /// <param name="nameHint">The name's last part; the initializer is named <c>{ModulePath}.{nameHint}</c>, made unique.</param>
    /// <returns>The initializer's name.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="nameHint"/> is empty, a dimension is negative, or the number of values does not match the shape.
    /// </exception>
    public string AddInt64Initializer(ReadOnlySpan<long> values, ReadOnlySpan<long> dimensions, string nameHint)
    {
        var proto = NewInitializer(TensorProto.Types.DataType.Int64, values.Length, dimensions, nameHint);
        proto.Int64Data.AddRange(values.ToArray());
        return Register(proto);
    }

    /// <summary>Adds a node with one output.</summary>
    /// <param name="opType">The operator, as the ONNX specification names it (<c>Conv</c>, <c>Relu</c>, ...) in the default domain.</param>
    /// <param name="inputs">The input value names in the operator's order; the empty string skips an optional input.</param>
    /// <param name="attributes">The node's attributes.</param>
    /// <returns>The name of the output value.</returns>
    /// <exception cref="ArgumentException">The operator is empty, or an input is not a value of the graph.</exception>
    public string AddNode(string opType, IReadOnlyList<string> inputs, params OnnxAttributeValue[] attributes) =>
        AddNode(opType, inputs, outputCount: 1, attributes)[0];

    /// <summary>Adds a node with several outputs.</summary>
    /// <param name="opType">The operator, as the ONNX specification names it, in the default domain.</param>
    /// <param name="inputs">The input value names in the operator's order; the empty string skips an optional input.</param>
    /// <param name="outputCount">The number of outputs (at least 1).</param>
    /// <param name="attributes">The node's attributes.</param>
    /// <returns>The names of the output values, in the operator's order.</returns>
    /// <exception cref="ArgumentException">The operator is empty, or an input is not a value of the graph.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputCount"/> is below 1.</exception>
    public IReadOnlyList<string> AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttributeValue[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        foreach (var input in inputs)
        {
            if (input.Length > 0)
            {
                RequireValue(input, nameof(inputs));
            }
        }

        var name = FreshName(ModulePath.Length == 0 ? opType : $"{ModulePath}/{opType}");
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        for (var index = 0; index < outputCount; index++)
        {
            var output = index == 0 ? name : FreshName(string.Create(CultureInfo.InvariantCulture, $"{name}:{index}"));
            node.Output.Add(output);
            _values.Add(output);
        }

        node.Attribute.AddRange(attributes.Select(attribute => attribute.ToProto()));
        _graph.Node.Add(node);
        return node.Output.ToArray();
    }

    /// <summary>Adds a node whose single output has exactly the name <paramref name="output"/> (reserved beforehand with <see cref="FreshName"/>).</summary>
    internal void AddNamedNode(string opType, IReadOnlyList<string> inputs, string output, params OnnxAttributeValue[] attributes)
    {
        foreach (var input in inputs)
        {
            RequireValue(input, nameof(inputs));
        }

        if (!_values.Add(output))
        {
            throw new InvalidOperationException($"The graph already has a value named '{output}'.");
        }

        var node = new NodeProto { Name = FreshName($"{output}/{opType}"), OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes.Select(attribute => attribute.ToProto()));
        _graph.Node.Add(node);
    }

    /// <summary>Returns <paramref name="hint"/>, or <paramref name="hint"/> with a numeric suffix, so that no two names of the graph collide.</summary>
    /// <param name="hint">The preferred name.</param>
    /// <returns>A name not used yet, now reserved.</returns>
    /// <exception cref="ArgumentException"><paramref name="hint"/> is empty.</exception>
    public string FreshName(string hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        var name = hint;
        for (var suffix = 1; !_usedNames.Add(name); suffix++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{hint}_{suffix}");
        }

        return name;
    }

    /// <summary>
    /// Gets the shape of a value that is the input or output of a module (known from running the model alongside the
    /// export), with the batch dimension as −1; <see langword="null"/> for other values.
    /// </summary>
    /// <param name="value">The value's name.</param>
    /// <returns>The shape, or <see langword="null"/> when unknown.</returns>
    public IReadOnlyList<long>? GetShape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_traces.TryGetValue(value, out var trace))
        {
            return null;
        }

        var shape = trace.shape;
        if (shape.Length > 0)
        {
            shape[0] = -1;
        }

        return shape;
    }

    /// <summary>Declares a graph input value (the exporter's <c>input</c>), with the tensor that traces it.</summary>
    internal void DefineInput(string name, Tensor trace)
    {
        _usedNames.Add(name);
        _values.Add(name);
        _traces[name] = trace;
    }

    /// <summary>Records the trace of <paramref name="output"/> computed from the trace of <paramref name="input"/>.</summary>
    internal void Trace(string input, string output, Func<Tensor, Tensor> forward)
    {
        if (_traces.ContainsKey(output) || !_traces.TryGetValue(input, out var inputTrace))
        {
            return;
        }

        _traces[output] = forward(inputTrace);
    }

    internal Tensor? TraceOf(string value) => _traces.GetValueOrDefault(value);

    /// <summary>
    /// Runs <paramref name="action"/> with <paramref name="module"/> as the current module (its path pushed), turning any
    /// failure into an <see cref="OnnxExportException"/> that names the path.
    /// </summary>
    private string AtModule(nn.Module module, Func<string, string> action)
    {
        var path = ChildPath(module);
        var typeName = TypeName(module.GetType());
        _modules.Push((path, module));
        try
        {
            return action(path);
        }
        catch (OnnxExportException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new OnnxExportException(path, typeName, $"cannot export '{typeName}': {exception.Message}", exception);
        }
        finally
        {
            _modules.Pop();
        }
    }

    /// <summary>The path of <paramref name="module"/>: the current path plus its dotted name when it is a descendant of the current module, else its type name.</summary>
    private string ChildPath(nn.Module module)
    {
        if (_modules.Count == 0)
        {
            return string.Empty;
        }

        var (parentPath, parent) = _modules.Peek();
        var segment = TypeName(module.GetType());
        // Descendants too: a block may hold its layers in a ModuleList ("edges.3"). named_modules lists every
        // descendant with its dotted name, without the parent itself.
        foreach (var (name, child) in parent.named_modules())
        {
            if (name.Length > 0 && ReferenceEquals(child, module))
            {
                segment = name;
                break;
            }
        }

        return parentPath.Length == 0 ? segment : $"{parentPath}.{segment}";
    }

    private void RequireValue(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        if (!_values.Contains(value))
        {
            throw new ArgumentException($"'{value}' is not a value of the graph (no input, initializer or node output has that name).", parameterName);
        }
    }

    private TensorProto NewInitializer(TensorProto.Types.DataType type, int count, ReadOnlySpan<long> dimensions, string nameHint)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameHint);
        long expected = 1;
        foreach (var dimension in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(dimensions));
            expected *= dimension;
        }

        if (expected != count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The shape [{string.Join(", ", dimensions.ToArray())}] needs {expected} values; {count} were given."),
                nameof(dimensions));
        }

        var proto = new TensorProto
        {
            Name = FreshName(ModulePath.Length == 0 ? nameHint : $"{ModulePath}.{nameHint}"),
            DataType = (int)type,
        };
        proto.Dims.AddRange(dimensions.ToArray());
        return proto;
    }

    private string Register(TensorProto initializer)
    {
        _graph.Initializer.Add(initializer);
        _values.Add(initializer.Name);
        return initializer.Name;
    }

    private static float[] ToSingles(Tensor tensor)
    {
        if (!tensor.is_floating_point())
        {
            throw new ArgumentException($"An initializer must be floating point; the tensor holds {tensor.dtype}.", nameof(tensor));
        }

        using var detached = tensor.detach();
        using var onCpu = detached.cpu();
        using var singles = onCpu.to_type(ScalarType.Float32);
        using var contiguous = singles.contiguous();
        return contiguous.data<float>().ToArray();
    }

    /// <summary>A type's name as C# writes it: <c>Conv2d</c>, <c>ModuleList&lt;Module&lt;Tensor, Tensor&gt;&gt;</c>.</summary>
    internal static string TypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }

    private static string NoConverterMessage(Type type, string typeName)
    {
        var advice = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TorchSharp.Modules.ModuleList<>)
            ? "a ModuleList only holds modules and computes nothing: the converter of the module that owns it must export its items"
            : $"make the module implement IOnnxExportable, or pass OnnxExportOptions.Converters = OnnxConverterRegistry.Default.With<{typeName}>(converter) (the converter adds the module's nodes; see OnnxExportContext)";
        return $"no ONNX converter for '{typeName}' ({type.FullName}); {advice}";
    }
}
