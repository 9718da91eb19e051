using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// Maps module types to the functions that write them as ONNX nodes. A new registry holds the built-in converters:
/// the binding's standard layers (<see cref="Conv2d"/>, <see cref="BatchNorm2d"/>, <see cref="Linear"/>, activations,
/// pooling, <see cref="Flatten"/>, <see cref="Sequential"/>, ...) and NasML's architecture blocks. Register more to
/// export your own module types, or let the module implement <see cref="IOnnxExportable"/>.
/// </summary>
/// <remarks>
/// <para>
/// A converter receives the export context, the module and the name of its input value, and returns the name of its
/// output value (see <see cref="OnnxExportContext"/>). Lookup for a module: a converter registered for its exact type;
/// else <see cref="IOnnxExportable.ExportOnnx"/> if the module implements it; else a converter registered for its
/// nearest base type; else the export fails with an <see cref="OnnxExportException"/> naming the type and the path.
/// </para>
/// <para>Thread-safe: registering while another thread exports is allowed (the export sees either state).</para>
/// </remarks>
public sealed class OnnxConverterRegistry
{
    private readonly Dictionary<Type, Func<OnnxExportContext, Module, string, string>> _converters = [];
    private readonly Lock _lock = new();

    /// <summary>Initializes a registry holding the built-in converters.</summary>
    public OnnxConverterRegistry()
    {
        StandardLayerConverters.RegisterAll(this);
        ArchitectureBlockConverters.RegisterAll(this);
    }

    /// <summary>
    /// Gets the registry that <see cref="OnnxExporter"/> uses when <see cref="OnnxExportOptions.Converters"/> is not
    /// set; converters registered here apply to every such export in the process.
    /// </summary>
    public static OnnxConverterRegistry Default { get; } = new();

    /// <summary>Registers (or replaces) the converter for modules of exactly type <typeparamref name="TModule"/> (and, as a fallback, its subclasses).</summary>
    /// <typeparam name="TModule">The module type.</typeparam>
    /// <param name="converter">
    /// Writes the module's nodes: receives the context, the module and its input value's name, returns its output
    /// value's name.
    /// </param>
    /// <returns>This registry, to chain calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="converter"/> is null.</exception>
    public OnnxConverterRegistry Register<TModule>(Func<OnnxExportContext, TModule, string, string> converter)
        where TModule : Module
    {
        ArgumentNullException.ThrowIfNull(converter);
        lock (_lock)
        {
            _converters[typeof(TModule)] = (context, module, input) => converter(context, (TModule)module, input);
        }

        return this;
    }

    /// <summary>Gets a value indicating whether a converter is registered for exactly <paramref name="moduleType"/>.</summary>
    /// <param name="moduleType">The module type.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="moduleType"/> is null.</exception>
    public bool IsRegistered(Type moduleType)
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        lock (_lock)
        {
            return _converters.ContainsKey(moduleType);
        }
    }

    /// <summary>Finds the converter for <paramref name="module"/> in lookup order, or returns null.</summary>
    internal Func<OnnxExportContext, Module, string, string>? Find(Module module)
    {
        lock (_lock)
        {
            var type = module.GetType();
            if (_converters.TryGetValue(type, out var exact))
            {
                return exact;
            }

            if (module is IOnnxExportable)
            {
                return static (context, self, input) => ((IOnnxExportable)self).ExportOnnx(context, input);
            }

            for (var baseType = type.BaseType; baseType is not null && baseType != typeof(Module); baseType = baseType.BaseType)
            {
                if (_converters.TryGetValue(baseType, out var inherited))
                {
                    return inherited;
                }
            }

            return null;
        }
    }
}
