using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Engine.Serialization;

/// <summary>Writes a state dict in the NasML state format (docs/state-format.md), hashing as it goes.</summary>
internal sealed class StateFileWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private StateFileWriter(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Writes every tensor of <paramref name="state"/>, in order, followed by the checksum.</summary>
    /// <exception cref="NotSupportedException">A tensor's element type has no code in the format.</exception>
    /// <exception cref="ObjectDisposedException">A tensor was disposed.</exception>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> state)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("State files hold little-endian bytes; this machine is big-endian.");
        }

        foreach (var (name, tensor) in state)
        {
            if (tensor.IsInvalid)
            {
                throw new ObjectDisposedException(name, $"Entry '{name}' of the state was disposed.");
            }

            if (StateFormat.ElementSize(tensor.dtype) == 0)
            {
                throw new NotSupportedException($"Entry '{name}' has element type {tensor.dtype}, which state files do not store.");
            }
        }

        using var writer = new StateFileWriter(stream);
        writer.WriteBytes(StateFormat.Magic);
        writer.WriteUInt32(StateFormat.Version);
        writer.WriteUInt32(checked((uint)state.Count));
        foreach (var (name, tensor) in state)
        {
            writer.WriteEntry(name, tensor);
        }

        var checksum = writer._hash.GetHashAndReset();
        stream.Write(checksum);
    }

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();

    private void WriteEntry(string name, Tensor tensor)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length is 0 or > StateFormat.MaxNameLength)
        {
            throw new NotSupportedException($"Entry name '{name}' must be 1 to {StateFormat.MaxNameLength} UTF-8 bytes long.");
        }

        var dtype = tensor.dtype;
        var shape = tensor.shape;
        var byteCount = checked(tensor.numel() * StateFormat.ElementSize(dtype));
        byte[] data;
        using (var scope = torch.NewDisposeScope())
        {
            // A contiguous CPU copy, so GPU tensors and views save the same bytes.
            var host = tensor.detach().to(CPU).contiguous();
            data = byteCount == 0 ? [] : host.bytes.ToArray();
        }

        if (data.Length != byteCount)
        {
            throw new InvalidOperationException($"Entry '{name}' has {data.Length} bytes of data; its shape and dtype make {byteCount}.");
        }

        WriteUInt32((uint)nameBytes.Length);
        WriteBytes(nameBytes);
        WriteInt32((int)dtype);
        WriteUInt32((uint)shape.Length);
        foreach (var size in shape)
        {
            WriteInt64(size);
        }

        WriteInt64(byteCount);
        WriteBytes(data);
    }

    private void WriteUInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        WriteBytes(buffer);
    }

    private void WriteInt32(int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        WriteBytes(buffer);
    }

    private void WriteInt64(long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        WriteBytes(buffer);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        _stream.Write(bytes);
    }
}
