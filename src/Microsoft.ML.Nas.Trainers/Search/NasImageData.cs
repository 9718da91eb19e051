using System.Globalization;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>A labelled set of single-channel images (such as MNIST or Fashion-MNIST) for an architecture search.</summary>
public sealed class NasImageData : NasData
{
    private readonly byte[] _labels;
    private readonly string[]? _classNames;

    private NasImageData(IdxImages images, byte[] labels, string[]? classNames, int classCount)
    {
        Images = images;
        _labels = labels;
        _classNames = classNames;
        ClassCount = classCount;
    }

    /// <summary>Gets the images (row-major bytes, one channel).</summary>
    public IdxImages Images { get; }

    /// <summary>Gets the label of every image.</summary>
    public IReadOnlyList<byte> Labels => _labels;

    /// <summary>Gets the number of images.</summary>
    public override int Count => Images.Count;

    /// <summary>Gets the shape of one image, [1, height, width].</summary>
    public InputShape Shape => InputShape.Image(1, Images.Height, Images.Width);

    /// <summary>Gets the number of classes: the class names' count when given, else the largest label plus one.</summary>
    public int ClassCount { get; }

    /// <summary>Gets the class names indexed by label, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? ClassNames => _classNames;

    internal byte[] LabelArray => _labels;

    /// <inheritdoc/>
    internal override string KindName => "images";

    /// <summary>Wraps images already in memory.</summary>
    /// <param name="images">The images.</param>
    /// <param name="labels">One label per image.</param>
    /// <param name="classNames">Names of the classes, indexed by label; or <see langword="null"/>.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or <paramref name="labels"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The counts disagree, the set is empty, or a label is not below the number of class names.
    /// </exception>
    public static NasImageData FromIdx(IdxImages images, IReadOnlyList<byte> labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Count != labels.Count)
        {
            throw new ArgumentException($"There are {images.Count} images but {labels.Count} labels; they must match.", nameof(labels));
        }

        if (images.Count == 0)
        {
            throw new ArgumentException("The image set is empty.", nameof(images));
        }

        var labelArray = labels.ToArray();
        var maxLabel = labelArray.Max();
        if (classNames is not null && maxLabel >= classNames.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Label {maxLabel} has no name: only {classNames.Count} class names were given."),
                nameof(classNames));
        }

        var classCount = classNames?.Count ?? maxLabel + 1;
        if (classCount < 2)
        {
            throw new ArgumentException("Classification needs at least two classes; every label is 0.", nameof(labels));
        }

        return new NasImageData(images, labelArray, classNames?.ToArray(), classCount);
    }

    /// <summary>Returns a stratified random sample of <paramref name="count"/> images (for quick runs and tests).</summary>
    /// <param name="count">How many images to keep; at least 1 and at most <see cref="Count"/>.</param>
    /// <param name="seed">The seed of the sample.</param>
    /// <returns>The sample, with the same class names and class count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is out of range.</exception>
    public NasImageData Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        if (count == Count)
        {
            return this;
        }

        var split = DataSplit.StratifiedHoldout(_labels, (double)count / Count, seed);
        var rows = split.Validation.Order().ToArray();
        return Select(rows);
    }

    /// <summary>MobileNet with its default options.</summary>
    internal override IArchitectureSpace CreateDefaultSearchSpace() => ArchitectureSpaces.MobileNet();

    /// <summary><see cref="TrainingRecipeSpace.ForImages"/>.</summary>
    internal override TrainingRecipeSpace CreateDefaultRecipeSpace() => TrainingRecipeSpace.ForImages();

    /// <summary>
    /// Holds out a stratified validation part, fits the pixel normalization on the training part, and makes one dataset of
    /// every image (normalized natively) from which the splits are cut.
    /// </summary>
    internal override SearchDataSet Prepare(double validationFraction, int seed, SearchSampling search, NasData? test, Action<InputShape, int> validate)
    {
        var testImages = RequireSameKind<NasImageData>(test, this);
        if (testImages is not null)
        {
            CheckTest(testImages);
        }

        validate(Shape, ClassCount);

        var split = DataSplit.StratifiedHoldout(_labels, validationFraction, seed);
        var normalization = ImageNormalization.Fit(Images, split.Train);
        var all = TensorDataset.FromImages(Images, _labels, normalization, _classNames);
        TensorDataset? testSet = null;
        try
        {
            // The training set's class names (given, or "0".."K-1"), so the test set has the network's K classes.
            testSet = testImages is null ? null : TensorDataset.FromImages(testImages.Images, testImages._labels, normalization, all.ClassNames);
        }
        catch
        {
            all.Dispose();
            throw;
        }

        return SearchDataSet.Create(all, split, search, testSet, Shape, preprocessor: null);
    }

    internal NasImageData Select(IReadOnlyList<int> rows)
    {
        var size = Images.Height * Images.Width;
        var pixels = new byte[rows.Count * size];
        var labels = new byte[rows.Count];
        for (var index = 0; index < rows.Count; index++)
        {
            Array.Copy(Images.Pixels, (long)rows[index] * size, pixels, (long)index * size, size);
            labels[index] = _labels[rows[index]];
        }

        return new NasImageData(new IdxImages(rows.Count, Images.Height, Images.Width, pixels), labels, _classNames, ClassCount);
    }

    private void CheckTest(NasImageData test)
    {
        if (!test.Shape.Equals(Shape))
        {
            throw new ArgumentException(
                $"The test images are {test.Shape} but the training images are {Shape}; they must have the same size.", nameof(test));
        }

        var maxLabel = test._labels.Max();
        if (maxLabel >= ClassCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The test set holds label {maxLabel} but the training set has only {ClassCount} classes."),
                nameof(test));
        }
    }
}
