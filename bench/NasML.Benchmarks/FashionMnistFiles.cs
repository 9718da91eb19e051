namespace NasML.Benchmarks;

/// <summary>The Fashion-MNIST IDX files that Debian's <c>dataset-fashion-mnist</c> installs (build.sh installs the package).</summary>
internal static class FashionMnistFiles
{
    /// <summary>The folder holding the four gzip-compressed IDX files.</summary>
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The 60,000 training images.</summary>
    public static string TrainImages => Path.Combine(Folder, "train-images-idx3-ubyte.gz");

    /// <summary>The 60,000 training labels.</summary>
    public static string TrainLabels => Path.Combine(Folder, "train-labels-idx1-ubyte.gz");

    /// <summary>The 10,000 test images.</summary>
    public static string TestImages => Path.Combine(Folder, "t10k-images-idx3-ubyte.gz");

    /// <summary>The 10,000 test labels.</summary>
    public static string TestLabels => Path.Combine(Folder, "t10k-labels-idx1-ubyte.gz");
}
