using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Engine.Serialization;

/// <summary>
/// Saves and loads a TorchSharp module's parameters and buffers (its <c>state_dict()</c>) in NasML's state format: a
/// small documented binary format (docs/state-format.md) of named, typed, shaped raw tensors with a SHA-256 checksum.
/// Loading reads plain data only; nothing in a file is executed. (TorchSharp's own <c>module.save</c> format has no
/// checksum and no per-entry check; this one is what NasML model files hold.)
/// </summary>
/// <remarks>
/// <para>
/// A save to a path writes a temporary file in the same folder and renames it over the target only once complete,
/// so a failed save never leaves a half-written file and never damages an existing one.
/// </para>
/// <para>
/// A load reads and checks the whole file (structure, checksum) and compares it with the module (the same names,
/// shapes and dtypes, no entry missing or extra) before it copies anything in: a refused load leaves the module
/// unchanged.
/// </para>
/// </remarks>
public static class ModuleState
{
    /// <summary>Saves the module's state to a file, replacing it only once the new file is complete.</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">A tensor has an element type the format does not store.</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is left as it was.</exception>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        var temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Path.GetRandomFileName() + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                StateFileWriter.Write(stream, module.state_dict());
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

    /// <summary>Saves the module's state to a stream, from its current position.</summary>
    /// <param name="module">The module.</param>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    /// <exception cref="NotSupportedException">A tensor has an element type the format does not store.</exception>
    public static void Save(nn.Module module, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        StateFileWriter.Write(stream, module.state_dict());
    }

    /// <summary>Loads a state file into the module's parameters and buffers (outside autograd).</summary>
    /// <param name="module">The module; it must have exactly the file's entries, with the same shapes and dtypes.</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a state file, is truncated or corrupt, or does not match the module; the message names the file
    /// and, for a mismatch, each entry with the expected and found shape and dtype. The module is unchanged.
    /// </exception>
    public static void Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Load(module, stream, path);
    }

    /// <summary>Loads a state file from a stream into the module's parameters and buffers (outside autograd).</summary>
    /// <param name="module">The module; it must have exactly the stream's entries, with the same shapes and dtypes.</param>
    /// <param name="stream">A readable stream positioned at the start of the state; it is read to its end and left open.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The data is not a state file, is truncated or corrupt, or does not match the module. The module is unchanged.
    /// </exception>
    public static void Load(nn.Module module, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stream);
        Load(module, stream, stream is FileStream file ? file.Name : "stream");
    }

    private static void Load(nn.Module module, Stream stream, string source)
    {
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        var entries = StateFileReader.Read(stream, source);
        var targets = Match(module, entries, source);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (var index = 0; index < entries.Count; index++)
        {
            targets[index].copy_(ToTensor(entries[index]));
        }
    }

    /// <summary>Pairs each entry with the module's tensor of that name, or throws listing every mismatch.</summary>
    private static Tensor[] Match(nn.Module module, List<StateEntry> entries, string source)
    {
        var own = module.state_dict();
        var problems = new List<string>();
        var targets = new Tensor[entries.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            names.Add(entry.Name);
            if (!own.TryGetValue(entry.Name, out var target))
            {
                problems.Add($"unexpected entry '{entry.Name}' ({entry.ShapeText} {entry.Dtype}) that the module does not have");
                continue;
            }

            var (shape, dtype) = (target.shape, target.dtype);
            if (!shape.AsSpan().SequenceEqual(entry.Shape) || dtype != entry.Dtype)
            {
                problems.Add(
                    $"entry '{entry.Name}': expected {StateEntry.Describe(shape)} {dtype}, found {entry.ShapeText} {entry.Dtype}");
                continue;
            }

            targets[index] = target;
        }

        foreach (var (name, tensor) in own)
        {
            if (!names.Contains(name))
            {
                problems.Add($"missing entry '{name}' (expected {StateEntry.Describe(tensor.shape)} {tensor.dtype})");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"Cannot load '{source}' into {module.GetName()}: {string.Join("; ", problems)}. The module is unchanged.");
        }

        return targets;
    }

    /// <summary>Makes a CPU tensor of the entry's dtype and shape holding its bytes (joins the current dispose scope).</summary>
    private static Tensor ToTensor(StateEntry entry)
    {
        var tensor = torch.empty(entry.Shape, entry.Dtype);
        if (entry.Data.Length > 0)
        {
            tensor.bytes = entry.Data;
        }

        return tensor;
    }

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
}
