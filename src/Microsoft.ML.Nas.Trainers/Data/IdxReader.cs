using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>
/// Reads IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or plain.
/// </summary>
/// <remarks>
/// Format: a big-endian magic number <c>0x0000TTDD</c> (TT = element type, 0x08 for unsigned bytes; DD = number of
/// dimensions), DD big-endian int32 sizes, then the elements in row-major order. Images are 3-D
/// (count × rows × columns), labels 1-D. See http://yann.lecun.com/exdb/mnist/.
/// </remarks>
public static class IdxReader
{
    private const int UnsignedByteType = 0x08;

    /// <summary>Reads an IDX image file (unsigned bytes, 3 dimensions).</summary>
    /// <param name="path">The file, gzip-compressed (.gz) or plain.</param>
    /// <returns>The images: count, height, width and the pixels (count × height × width bytes, row-major).</returns>
    /// <exception cref="InvalidDataException">The file is not an IDX image file, or is truncated.</exception>
    public static IdxImages ReadImages(string path)
    {
        var (sizes, data) = Read(path, expectedDimensions: 3, "images");
        return new IdxImages(sizes[0], sizes[1], sizes[2], data);
    }

    /// <summary>Reads an IDX label file (unsigned bytes, 1 dimension).</summary>
    /// <param name="path">The file, gzip-compressed (.gz) or plain.</param>
    /// <returns>One label per item.</returns>
    /// <exception cref="InvalidDataException">The file is not an IDX label file, or is truncated.</exception>
    public static byte[] ReadLabels(string path)
    {
        var (_, data) = Read(path, expectedDimensions: 1, "labels");
        return data;
    }

    private static (int[] Sizes, byte[] Data) Read(string path, int expectedDimensions, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX {kind} file '{path}' does not exist.", path);
        }

        using var stream = OpenMaybeGzip(path);
        Span<byte> header = stackalloc byte[4];
        ReadExactly(stream, header, path, "the magic number", offset: 0);
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        var type = (magic >> 8) & 0xFF;
        var dimensions = magic & 0xFF;
        if ((magic >> 16) != 0 || type != UnsignedByteType || dimensions != expectedDimensions)
        {
            var expectedMagic = (UnsignedByteType << 8) | expectedDimensions;
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{path}' is not an IDX {kind} file: magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} " +
                $"(unsigned bytes, {expectedDimensions} dimension{(expectedDimensions == 1 ? string.Empty : "s")})."));
        }

        var sizes = new int[dimensions];
        long count = 1;
        for (var i = 0; i < dimensions; i++)
        {
            ReadExactly(stream, header, path, $"size of dimension {i}", offset: 4 + (4 * i));
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(header);
            if (sizes[i] < 0)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture, $"'{path}': dimension {i} has negative size {sizes[i]}."));
            }

            count *= sizes[i];
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"'{path}': {count} elements do not fit in memory as one array."));
        }

        var data = new byte[count];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{path}' is truncated: the header announces {count} elements ([{string.Join(" x ", sizes)}]) " +
                $"but only {read} follow."));
        }

        return (sizes, data);
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> signature = stackalloc byte[2];
        var isGzip = file.Read(signature) == 2 && signature[0] == 0x1F && signature[1] == 0x8B;
        file.Position = 0;
        return isGzip ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what, int offset)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"'{path}' is truncated: it ends before {what} (byte {offset})."));
        }
    }
}
