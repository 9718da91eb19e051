using System.IO.Compression;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-idx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadImages_FashionMnistTestSet_Has10000ImagesOf28x28()
    {
        var images = IdxReader.ReadImages(Path.Combine(FashionMnist, "t10k-images-idx3-ubyte.gz"));
        var labels = IdxReader.ReadLabels(Path.Combine(FashionMnist, "t10k-labels-idx1-ubyte.gz"));

        Assert.Equal((10_000, 28, 28), (images.Count, images.Height, images.Width));
        Assert.Equal(10_000 * 28 * 28, images.Pixels.Length);
        Assert.Equal(10_000, labels.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), labels.Distinct().Order());
        Assert.Contains(images.Pixels, pixel => pixel > 200);
    }

    [Fact]
    public void ReadImages_PlainAndGzip_GiveTheSamePixels()
    {
        var plain = Write("plain-images", Images(count: 3, rows: 2, columns: 2), gzip: false);
        var compressed = Write("gzip-images.gz", Images(count: 3, rows: 2, columns: 2), gzip: true);

        var fromPlain = IdxReader.ReadImages(plain);
        var fromGzip = IdxReader.ReadImages(compressed);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)i), fromPlain.Pixels);
        Assert.Equal(fromPlain.Pixels, fromGzip.Pixels);
    }

    [Fact]
    public void ReadImages_LabelFile_ReportsWrongMagicNumberWithPath()
    {
        var path = Write("labels", [0, 0, 8, 1, 0, 0, 0, 2, 5, 6], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000801", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 0x00000803", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_TruncatedData_ReportsAnnouncedAndFoundCounts()
    {
        var bytes = Images(count: 3, rows: 2, columns: 2);
        var path = Write("truncated.gz", bytes[..^5], gzip: true);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("12 elements", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_TruncatedHeader_ReportsWhereItEnds()
    {
        var path = Write("short", [0, 0, 8], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("magic number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = Path.Combine(_directory, "nope.gz");

        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Images(int count, int rows, int columns)
    {
        var header = new byte[] { 0, 0, 8, 3, 0, 0, 0, (byte)count, 0, 0, 0, (byte)rows, 0, 0, 0, (byte)columns };
        return [.. header, .. Enumerable.Range(0, count * rows * columns).Select(i => (byte)i)];
    }

    private string Write(string name, byte[] bytes, bool gzip)
    {
        var path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        if (gzip)
        {
            using var compressed = new GZipStream(file, CompressionLevel.Fastest);
            compressed.Write(bytes);
        }
        else
        {
            file.Write(bytes);
        }

        return path;
    }
}
