using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Engine.Serialization;

/// <summary>
/// Reads and checks a whole NasML state file (docs/state-format.md) into memory: structure, sizes, names and the
/// trailing SHA-256. Plain data only; nothing in a file is executed or used to pick a type.
/// </summary>
internal sealed class StateFileReader : IDisposable
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly string _source;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string _position = "the header";

    private StateFileReader(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
    }

    /// <summary>Reads every entry of the file and verifies its checksum.</summary>
    /// <param name="stream">The stream, positioned at the start of the file.</param>
    /// <param name="source">The file path (or a description of the stream) for messages.</param>
    /// <returns>The entries in file order.</returns>
    /// <exception cref="InvalidDataException">The file is not a state file, is truncated, corrupt or of another version.</exception>
    public static List<StateEntry> Read(Stream stream, string source)
    {
        using var reader = new StateFileReader(stream, source);
        try
        {
            return reader.ReadAll();
        }
        catch (EndOfStreamException)
        {
            throw reader.Corrupt($"it is truncated (it ends inside {reader._position})");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();

    private List<StateEntry> ReadAll()
    {
        Span<byte> magic = stackalloc byte[StateFormat.Magic.Length];
        if (_stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length
            || !magic.SequenceEqual(StateFormat.Magic))
        {
            throw Corrupt("it is not a NasML state file (the first 8 bytes are not \"NASMLST1\")");
        }

        _hash.AppendData(magic);
        var version = ReadUInt32();
        if (version != StateFormat.Version)
        {
            throw Corrupt(string.Create(
                CultureInfo.InvariantCulture,
                $"it has format version {version}, but this library reads version {StateFormat.Version}"));
        }

        var count = ReadUInt32();
        var entries = new List<StateEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (uint index = 0; index < count; index++)
        {
            var entry = ReadEntry(index);
            if (!names.Add(entry.Name))
            {
                throw Corrupt($"entry '{entry.Name}' appears twice");
            }

            entries.Add(entry);
        }

        _position = "the checksum";
        var expected = _hash.GetHashAndReset();
        var found = new byte[StateFormat.ChecksumLength];
        _stream.ReadExactly(found);
        if (!CryptographicOperations.FixedTimeEquals(expected, found))
        {
            throw Corrupt("it is corrupt (the SHA-256 checksum does not match the contents)");
        }

        if (_stream.ReadByte() >= 0)
        {
            throw Corrupt("it has unexpected bytes after the checksum");
        }

        return entries;
    }

    private StateEntry ReadEntry(uint index)
    {
        _position = string.Create(CultureInfo.InvariantCulture, $"the header of entry {index}");
        var nameLength = ReadUInt32();
        if (nameLength is 0 or > StateFormat.MaxNameLength)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"entry {index} has a name length of {nameLength} bytes"));
        }

        var nameBytes = ReadBytes((int)nameLength);
        string name;
        try
        {
            name = s_strictUtf8.GetString(nameBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"the name of entry {index} is not valid UTF-8"));
        }

        _position = $"the header of entry '{name}'";
        var dtype = (ScalarType)ReadInt32();
        var elementSize = StateFormat.ElementSize(dtype);
        if (elementSize == 0 || !Enum.IsDefined(dtype))
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"entry '{name}' has an unknown dtype code {(int)dtype}"));
        }

        var dimensions = ReadUInt32();
        if (dimensions > StateFormat.MaxDimensions)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"entry '{name}' claims {dimensions} dimensions"));
        }

        var shape = new long[dimensions];
        long count = 1;
        for (var dimension = 0; dimension < shape.Length; dimension++)
        {
            shape[dimension] = ReadInt64();
            if (shape[dimension] < 0 || (shape[dimension] > 0 && count > Array.MaxLength / shape[dimension]))
            {
                throw Corrupt($"entry '{name}' has an invalid shape");
            }

            count *= shape[dimension];
        }

        var byteCount = ReadInt64();
        if (count > Array.MaxLength / elementSize || byteCount != count * elementSize)
        {
            throw Corrupt(string.Create(
                CultureInfo.InvariantCulture,
                $"entry '{name}' declares {byteCount} data bytes for shape {StateEntry.Describe(shape)} of {dtype}"));
        }

        if (_stream.CanSeek && byteCount > _stream.Length - _stream.Position)
        {
            throw Corrupt($"it is truncated (it ends inside the data of entry '{name}')");
        }

        _position = $"the data of entry '{name}'";
        return new StateEntry(name, dtype, shape, ReadBytes((int)byteCount));
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    private int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    private long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    private byte[] ReadBytes(int count)
    {
        var bytes = new byte[count];
        _stream.ReadExactly(bytes);
        _hash.AppendData(bytes);
        return bytes;
    }

    private InvalidDataException Corrupt(string problem) => new($"Cannot load '{_source}': {problem}.");
}
