using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Search;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>Loads data sets for a search; reached through <see cref="NasContext.Data"/>.</summary>
public sealed class NasDataCatalog
{
    private readonly int _seed;

    internal NasDataCatalog(int seed)
    {
        _seed = seed;
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

    /// <summary>
    /// Loads a CSV table (header row first) for a search: every column but the label is a feature, numeric or categorical
    /// as inferred (see docs/tabular-data.md).
    /// </summary>
    /// <param name="path">The file (UTF-8, or UTF-16/32 with a byte-order mark).</param>
    /// <param name="labelColumn">The label column's name (case-sensitive).</param>
    /// <param name="task">Classification or regression; <see langword="null"/> (default) infers it from the label values.</param>
    /// <param name="separator">The field separator; <c>','</c> by default.</param>
    /// <param name="preprocessing">How raw columns become features (imputation, category cap); the defaults when <see langword="null"/>.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="labelColumn"/> is empty, an option is invalid, or the table has fewer than 2 rows or no feature column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file, the line, the column and what was expected.</exception>
    public NasTabularData LoadCsv(
        string path, string labelColumn, TabularTask? task = null, char separator = ',', TabularPreprocessorOptions? preprocessing = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        return LoadCsv(path, new TabularLoadOptions { LabelColumn = labelColumn, Task = task, Separator = separator }, preprocessing);
    }

    /// <summary>Loads a CSV table for a search with every reading option (ignored columns, column kinds, missing-value tokens, ...).</summary>
    /// <param name="path">The file (UTF-8, or UTF-16/32 with a byte-order mark).</param>
    /// <param name="options">How to read it; <see cref="TabularLoadOptions.LabelColumn"/> names the label.</param>
    /// <param name="preprocessing">How raw columns become features (imputation, category cap); the defaults when <see langword="null"/>.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, an option is invalid, or the table has fewer than 2 rows or no feature column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file, the line, the column and what was expected.</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A catalog method, reached as nas.Data.LoadCsv like ML.NET's mlContext.Data.")]
    public NasTabularData LoadCsv(string path, TabularLoadOptions options, TabularPreprocessorOptions? preprocessing = null) =>
        NasTabularData.FromFrame(TabularDataLoader.LoadCsv(path, options), preprocessing);

    /// <summary>
    /// Splits a table into a training set and a test set, as ML.NET's <c>TrainTestSplit</c>: round(n·f) rows are held
    /// out, stratified by class for classification (each class gives ⌊n_c·f⌋ or ⌈n_c·f⌉ rows). Same seed, same split.
    /// </summary>
    /// <param name="data">The table.</param>
    /// <param name="testFraction">The fraction of rows for the test set, in (0, 1); 0.2 by default.</param>
    /// <param name="seed">The seed of the split; the context's seed when <see langword="null"/>.</param>
    /// <returns>Both parts, with the table's preprocessing options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1), or leaves a part empty.</exception>
    public NasTabularTrainTestData TrainTestSplit(NasTabularData data, double testFraction = 0.2, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.TrainTestSplit(testFraction, seed ?? _seed);
    }
}
