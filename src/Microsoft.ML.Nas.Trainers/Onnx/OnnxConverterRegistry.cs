using System.Collections.Immutable;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// An immutable map from module types to the functions that write them as ONNX nodes. <see cref="Default"/> holds the
/// built-in converters of TorchSharp's standard layers (<see cref="Conv2d"/>, <see cref="BatchNorm2d"/>,
/// <see cref="Linear"/>, activations, pooling, <see cref="Flatten"/>, <see cref="Sequential"/>, ...); NasML's
/// architecture blocks are not in it: each implements <see cref="IOnnxExportable"/> beside its forward pass. To export a
/// module type of your own, build a registry with <see cref="With{TModule}"/> and pass it as
/// <see cref="OnnxExportOptions.Converters"/>, or let the module implement <see cref="IOnnxExportable"/>.
/// </summary>
/// <remarks>
/// <para>
/// A converter receives the export context, the module and the name of its input value, and returns the name of its
/// output value (see <see cref="OnnxExportContext"/>). Lookup for a module: a converter registered for its exact type;
/// else <see cref="IOnnxExportable.ExportOnnx"/> if the module implements it; else a converter registered for its
/// nearest base type; else the export fails with an <see cref="OnnxExportException"/> naming the type, its path and how
/// to register a converter. So a converter registered for a block type (or any other <see cref="IOnnxExportable"/>
/// type) replaces the module's own export.
/// </para>
/// <para>
/// A registry never changes once made (<see cref="With{TModule}"/> returns a new one), so one export cannot change what
/// another sees, and registries are safe to share between threads.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var converters = OnnxConverterRegistry.Default.With&lt;MyScale&gt;((context, module, input) =>
///     context.AddNode("Mul", [input, context.AddInitializer(module.Scale, "scale")]));
/// OnnxExporter.Export(network, options with { Converters = converters }, "model.onnx");
/// </code>
/// </example>
public sealed class OnnxConverterRegistry
{
    private readonly ImmutableDictionary<Type, Func<OnnxExportContext, nn.Module, string, string>> _converters;

    private OnnxConverterRegistry(ImmutableDictionary<Type, Func<OnnxExportContext, nn.Module, string, string>> converters)
    {
        _converters = converters;
    }

    /// <summary>
    /// Gets the registry of the built-in converters (TorchSharp's standard layers), which
    /// <see cref="OnnxExporter"/> uses when <see cref="OnnxExportOptions.Converters"/> is not set. It cannot be changed;
    /// start from it to add converters of your own.
    /// </summary>
    public static OnnxConverterRegistry Default { get; } = CreateDefault();

    /// <summary>Gets the module types that have a converter, in no particular order.</summary>
    public IEnumerable<Type> ModuleTypes => _converters.Keys;

    /// <summary>
    /// Returns a registry that holds this registry's converters plus <paramref name="converter"/> for modules of exactly
    /// type <typeparamref name="TModule"/> (and, as a fallback, its subclasses), replacing any converter this registry
    /// has for that type. This registry is not changed.
    /// </summary>
    /// <typeparam name="TModule">The module type.</typeparam>
    /// <param name="converter">
    /// Writes the module's nodes: receives the context, the module and its input value's name, returns its output
    /// value's name.
    /// </param>
    /// <returns>The new registry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="converter"/> is null.</exception>
    public OnnxConverterRegistry With<TModule>(Func<OnnxExportContext, TModule, string, string> converter)
        where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(converter);
        return new OnnxConverterRegistry(_converters.SetItem(typeof(TModule), Erase(converter)));
    }

    /// <summary>Gets a value indicating whether a converter is registered for exactly <paramref name="moduleType"/>.</summary>
    /// <param name="moduleType">The module type.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="moduleType"/> is null.</exception>
    public bool IsRegistered(Type moduleType)
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        return _converters.ContainsKey(moduleType);
    }

    /// <summary>Makes a registry entry for the built-in converters.</summary>
    internal static KeyValuePair<Type, Func<OnnxExportContext, nn.Module, string, string>> Entry<TModule>(
        Func<OnnxExportContext, TModule, string, string> converter)
        where TModule : nn.Module =>
        new(typeof(TModule), Erase(converter));

    /// <summary>Finds the converter for <paramref name="module"/> in lookup order, or returns null.</summary>
    internal Func<OnnxExportContext, nn.Module, string, string>? Find(nn.Module module)
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

        for (var baseType = type.BaseType; baseType is not null && baseType != typeof(nn.Module); baseType = baseType.BaseType)
        {
            if (_converters.TryGetValue(baseType, out var inherited))
            {
                return inherited;
            }
        }

        return null;
    }

    private static Func<OnnxExportContext, nn.Module, string, string> Erase<TModule>(Func<OnnxExportContext, TModule, string, string> converter)
        where TModule : nn.Module =>
        (context, module, input) => converter(context, (TModule)module, input);

    private static OnnxConverterRegistry CreateDefault()
    {
        var converters = ImmutableDictionary.CreateBuilder<Type, Func<OnnxExportContext, nn.Module, string, string>>();
        converters.AddRange(StandardLayerConverters.All());
        return new OnnxConverterRegistry(converters.ToImmutable());
    }
}
