using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Search;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>Loads data sets for a search; reached through <see cref="NasContext.Data"/>.</summary>
public sealed class NasDataCatalog
{
    internal NasDataCatalog()
    {
    }

    /// <summary>Loads a labelled image set stored in the IDX format of MNIST and Fashion-MNIST (optionally gzip-compressed).</summary>
    /// <param name="imagesPath">The images file (<c>*-images-idx3-ubyte[.gz]</c>).</param>
    /// <param name="labelsPath">The labels file (<c>*-labels-idx1-ubyte[.gz]</c>).</param>
    /// <param name="classNames">Names of the classes, indexed by label; or <see langword="null"/>.</param>
    /// <returns>The images with their labels.</returns>
    /// <exception cref="ArgumentException">A path is null or empty, or the files disagree on the number of samples.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid IDX file.</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A catalog method, reached as nas.Data.LoadIdxImages like ML.NET's mlContext.Data.")]
    public NasImageData LoadIdxImages(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new ArgumentException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; they must match.",
                nameof(labelsPath));
        }

        return NasImageData.FromIdx(images, labels, classNames);
    }
}
