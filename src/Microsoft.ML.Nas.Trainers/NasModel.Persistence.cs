using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Engine.Serialization;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers;

/// <content>Saving and loading: one zip file with the description and the weights.</content>
public sealed partial class NasModel
{
    /// <summary>The format name written in <see cref="DescriptionEntryName"/>: <c>"nasml-model"</c>.</summary>
    public const string FileFormat = "nasml-model";

    /// <summary>The format version this code writes and reads.</summary>
    public const int FileVersion = 1;

    /// <summary>The zip entry holding the model description (JSON): <c>"model.json"</c>.</summary>
    public const string DescriptionEntryName = "model.json";

    /// <summary>The zip entry holding the weights in NasML's checksummed state format (<see cref="ModuleState"/>): <c>"weights.nasmlstate"</c>.</summary>
    public const string WeightsEntryName = "weights.nasmlstate";

    private static readonly JsonSerializerOptions s_serializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Saves the model to one file: a zip archive with <see cref="DescriptionEntryName"/> (format, version, task, input
    /// shape, class names, image normalization, target standardization, tabular preprocessor, architecture description
    /// and metrics, as JSON) and <see cref="WeightsEntryName"/> (the module's state dict in NasML's checksummed state
    /// format, docs/state-format.md).
    /// </summary>
    /// <remarks>
    /// The archive is written to a temporary file in the target's folder and renamed over the target only once complete,
    /// so a failed save never leaves a partial file and never damages an existing one.
    /// </remarks>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is left as it was.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        var temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Path.GetRandomFileName() + ".tmp");
        lock (_lock)
        {
            ThrowIfDisposed();
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                    {
                        using (var description = archive.CreateEntry(DescriptionEntryName, CompressionLevel.Optimal).Open())
                        {
                            JsonSerializer.Serialize(description, ToDocument(), s_serializerOptions);
                        }

                        using var weights = archive.CreateEntry(WeightsEntryName, CompressionLevel.Fastest).Open();
                        ModuleState.Save(Module, weights);
                    }

                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, fullPath, overwrite: true);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/>: reads and checks the description, builds an untrained module from the
    /// stored architecture description with <paramref name="buildModule"/>, then loads the weights into it.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="buildModule">
    /// Builds an untrained module from the architecture description JSON (supplied by the architecture layer, for example
    /// <c>json =&gt; NetworkDescription.FromJson(json).Build()</c>); it must have exactly the saved state's entries.
    /// </param>
    /// <returns>The model; the caller owns it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a model file, an entry is missing or corrupt, the description is invalid, the architecture cannot
    /// be built, or the weights do not match the module; the message names the file, the entry and the problem.
    /// </exception>
    public static NasModel Load(string path, Func<string, nn.Module<Tensor, Tensor>> buildModule)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(buildModule);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"'{path}' is not a NasML model file (not a zip archive): {exception.Message}", exception);
        }

        using (archive)
        {
            var document = ReadDescription(archive, path);
            var parts = Check(document, path);
            nn.Module<Tensor, Tensor> module;
            try
            {
                module = buildModule(parts.ArchitectureJson)
                    ?? throw new InvalidOperationException("the module factory returned null");
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw Invalid(path, DescriptionEntryName, $"the architecture description could not be built into a module: {exception.Message}", exception);
            }

            try
            {
                var weights = archive.GetEntry(WeightsEntryName) ?? throw Invalid(path, WeightsEntryName, "the entry is missing");
                using (var stream = weights.Open())
                {
                    ModuleState.Load(module, stream);
                }

                return new NasModel(
                    module,
                    parts.ArchitectureJson,
                    document.Task!.Value,
                    document.InputShape!,
                    document.ClassNames,
                    parts.ImageNormalization,
                    parts.TargetStandardization,
                    parts.TabularPreprocessor,
                    document.Metrics);
            }
            catch (Exception exception)
            {
                module.Dispose();
                if (exception is InvalidDataException && exception.Message.StartsWith($"'{path}'", StringComparison.Ordinal))
                {
                    throw;
                }

                if (exception is InvalidDataException or ArgumentException)
                {
                    throw Invalid(path, exception is ArgumentException ? DescriptionEntryName : WeightsEntryName, exception.Message, exception);
                }

                throw;
            }
        }
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/> whose architecture is a <see cref="NetworkDescription"/> that may use
    /// user-written modules: <see cref="NetworkDescription.FromJson(string, IReadOnlyDictionary{string, ModuleFactory})"/>
    /// with <paramref name="moduleFactories"/>, then <see cref="NetworkDescription.Build"/>, then the weights.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="moduleFactories">
    /// The factories of the user modules, keyed by module name (for example <c>template.Factories</c> of a
    /// <see cref="Architectures.Composition.ModuleTemplate"/>, or <c>space.Factories</c> of a
    /// <see cref="FactoryArchitectureSpace"/>); may be empty when the model uses none.
    /// </param>
    /// <returns>The model; the caller owns it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Load(string, Func{string, nn.Module{Tensor, Tensor}})"/>; also when a user module has no factory or its factory builds another module (the message names the module).</exception>
    public static NasModel Load(string path, IReadOnlyDictionary<string, ModuleFactory> moduleFactories)
    {
        ArgumentNullException.ThrowIfNull(moduleFactories);
        return Load(path, json => NetworkDescription.FromJson(json, moduleFactories).Build());
    }

    private static ModelDocument ReadDescription(ZipArchive archive, string path)
    {
        var entry = archive.GetEntry(DescriptionEntryName) ?? throw Invalid(path, DescriptionEntryName, "the entry is missing");
        try
        {
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<ModelDocument>(stream, s_serializerOptions)
                ?? throw Invalid(path, DescriptionEntryName, "the description is null");
        }
        catch (JsonException exception)
        {
            throw Invalid(path, DescriptionEntryName, $"malformed JSON: {exception.Message}", exception);
        }
        catch (InvalidDataException exception) when (!exception.Message.StartsWith($"'{path}'", StringComparison.Ordinal))
        {
            throw Invalid(path, DescriptionEntryName, $"the entry is corrupt: {exception.Message}", exception);
        }
    }

    private static (string ArchitectureJson, ImageNormalization? ImageNormalization, TargetStandardization? TargetStandardization, TabularPreprocessor? TabularPreprocessor)
        Check(ModelDocument document, string path)
    {
        if (document.Format != FileFormat)
        {
            throw Invalid(path, DescriptionEntryName, $"the format is '{document.Format}', expected '{FileFormat}'");
        }

        if (document.Version != FileVersion)
        {
            throw Invalid(path, DescriptionEntryName, $"the format version is {document.Version}; this library reads version {FileVersion}");
        }

        if (document.Task is null || !Enum.IsDefined(document.Task.Value))
        {
            throw Invalid(path, DescriptionEntryName, "'task' is missing or unknown");
        }

        if (document.InputShape is null)
        {
            throw Invalid(path, DescriptionEntryName, "'inputShape' is missing");
        }

        if (document.Architecture is null)
        {
            throw Invalid(path, DescriptionEntryName, "'architecture' is missing");
        }

        try
        {
            var normalization = document.ImageNormalization is { } image
                ? new ImageNormalization(image.Mean ?? [], image.StandardDeviation ?? [], image.PixelScale)
                : null;
            var standardization = document.TargetStandardization is { } target
                ? new TargetStandardization(target.Mean, target.StandardDeviation)
                : null;
            var preprocessor = document.TabularPreprocessor is { } tabular
                ? TabularPreprocessor.FromJson(tabular.ToJsonString())
                : null;
            return (document.Architecture.ToJsonString(), normalization, standardization, preprocessor);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException)
        {
            throw Invalid(path, DescriptionEntryName, exception.Message, exception);
        }
    }

    private static InvalidDataException Invalid(string path, string entry, string problem, Exception? inner = null) =>
        new($"'{path}', entry '{entry}': {problem.TrimEnd('.')}.", inner);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more; a leftover hidden temporary file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private ModelDocument ToDocument() => new()
    {
        Format = FileFormat,
        Version = FileVersion,
        Task = Task,
        InputShape = _inputShape,
        ClassNames = _classNames,
        ImageNormalization = ImageNormalization is { } image
            ? new ImageNormalizationDocument { Mean = [.. image.Mean], StandardDeviation = [.. image.StandardDeviation], PixelScale = image.PixelScale }
            : null,
        TargetStandardization = TargetStandardization is { } target
            ? new TargetStandardizationDocument { Mean = target.Mean, StandardDeviation = target.StandardDeviation }
            : null,
        TabularPreprocessor = TabularPreprocessor is { } preprocessor ? JsonNode.Parse(preprocessor.ToJson()) : null,
        Architecture = JsonNode.Parse(ArchitectureJson),
        Metrics = _metrics.Count > 0 ? new Dictionary<string, double>(_metrics, StringComparer.Ordinal) : null,
    };

    /// <summary>The JSON shape of <see cref="DescriptionEntryName"/>.</summary>
    private sealed class ModelDocument
    {
        public string? Format { get; set; }

        public int Version { get; set; }

        public TrainingTask? Task { get; set; }

        public long[]? InputShape { get; set; }

        public string[]? ClassNames { get; set; }

        public ImageNormalizationDocument? ImageNormalization { get; set; }

        public TargetStandardizationDocument? TargetStandardization { get; set; }

        public JsonNode? TabularPreprocessor { get; set; }

        public JsonNode? Architecture { get; set; }

        public Dictionary<string, double>? Metrics { get; set; }
    }

    private sealed class ImageNormalizationDocument
    {
        public double[]? Mean { get; set; }

        public double[]? StandardDeviation { get; set; }

        public double PixelScale { get; set; }
    }

    private sealed class TargetStandardizationDocument
    {
        public double Mean { get; set; }

        public double StandardDeviation { get; set; }
    }
}
