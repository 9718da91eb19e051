using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// A table for an architecture search: the raw rows as read from a CSV file (<see cref="TabularFrame"/>), and how they
/// are preprocessed. Load one with <see cref="NasDataCatalog.LoadCsv(string, string, TabularTask?, char, TabularPreprocessorOptions?)"/>.
/// </summary>
/// <remarks>
/// The search fits the <see cref="TabularPreprocessor"/> (imputation, standardization, one-hot encoding) and, for
/// regression, the <see cref="TargetStandardization"/> on its training split only; the validation rows, the final
/// training and the test set reuse those statistics, and the final model carries them, so it predicts from raw rows.
/// See docs/tabular-data.md.
/// </remarks>
public sealed class NasTabularData : NasData
{
    private NasTabularData(TabularFrame frame, TabularPreprocessorOptions preprocessing)
    {
        Frame = frame;
        Preprocessing = preprocessing;
    }

    /// <summary>Gets the raw rows: feature columns, label and source lines.</summary>
    public TabularFrame Frame { get; }

    /// <summary>Gets how the raw columns become features (imputation, category cap).</summary>
    public TabularPreprocessorOptions Preprocessing { get; }

    /// <summary>Gets classification or regression (declared when loading, or inferred from the label).</summary>
    public TabularTask Task => Frame.Task;

    /// <summary>Gets the label column's name.</summary>
    public string LabelColumn => Frame.LabelColumn;

    /// <summary>Gets the class names in index order for classification, or <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames => Frame.ClassNames;

    /// <summary>Gets the number of rows.</summary>
    public override int Count => Frame.RowCount;

    /// <inheritdoc/>
    internal override string KindName => "a table";

    /// <summary>Wraps a frame already read (for example with <see cref="TabularDataLoader.LoadCsv(TextReader, TabularLoadOptions, string)"/>).</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="preprocessing">How to preprocess them; the defaults when <see langword="null"/>.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The frame has fewer than 2 rows or no feature column, or an option is invalid.</exception>
    public static NasTabularData FromFrame(TabularFrame frame, TabularPreprocessorOptions? preprocessing = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        preprocessing ??= new TabularPreprocessorOptions();
        preprocessing.Validate();
        if (frame.RowCount < 2)
        {
            throw new ArgumentException($"'{frame.SourceName}' has {frame.RowCount} row(s); a search needs at least 2 (training and validation).", nameof(frame));
        }

        if (frame.Columns.Count == 0)
        {
            throw new ArgumentException($"'{frame.SourceName}' has no feature columns besides the label '{frame.LabelColumn}'.", nameof(frame));
        }

        return new NasTabularData(frame, preprocessing);
    }

    /// <summary>A feed-forward space (<see cref="ArchitectureSpaces.Mlp"/>) with its default options.</summary>
    internal override IArchitectureSpace CreateDefaultSearchSpace() => ArchitectureSpaces.Mlp();

    /// <summary><see cref="TrainingRecipeSpace.ForTables"/>: no augmentation, smaller batches, more epochs.</summary>
    internal override TrainingRecipeSpace CreateDefaultRecipeSpace() => TrainingRecipeSpace.ForTables();

    /// <summary>Splits the rows in two (stratified for classification); both parts keep the preprocessing options.</summary>
    internal NasTabularTrainTestData TrainTestSplit(double testFraction, int seed)
    {
        var split = Frame.Split(testFraction, seed);
        return new NasTabularTrainTestData(new NasTabularData(split.Train, Preprocessing), new NasTabularData(split.Holdout, Preprocessing));
    }

    /// <summary>
    /// Holds out validation rows (stratified for classification), fits the preprocessor and the target standardization
    /// on the training rows, and makes one dataset of every row from which the splits are cut.
    /// </summary>
    internal override SearchDataSet Prepare(double validationFraction, int seed, SearchSampling search, NasData? test, Action<InputShape, int> validate)
    {
        var testTable = RequireSameKind<NasTabularData>(test, this);
        var split = Task == TabularTask.Classification
            ? DataSplit.StratifiedHoldout(Frame.ClassLabelArray!, validationFraction, seed)
            : DataSplit.RandomHoldout(Count, validationFraction, seed);
        var preprocessor = TabularPreprocessor.Fit(Frame.SelectRows(split.Train), Preprocessing);
        var input = InputShape.Vector(preprocessor.FeatureCount);
        validate(input, Task == TabularTask.Classification ? Frame.ClassNames!.Count : 1);

        var rows = preprocessor.Transform(Frame);
        var testRows = testTable is null ? null : preprocessor.Transform(testTable.Frame);
        var standardization = rows.RegressionTargets is { } targets
            ? TargetStandardization.Fit(split.Train.Select(row => targets[row]).ToArray())
            : null;
        var all = TensorDataset.FromTabular(rows, standardization);
        TensorDataset? testSet = null;
        try
        {
            testSet = testRows is null ? null : TensorDataset.FromTabular(testRows, standardization);
        }
        catch
        {
            all.Dispose();
            throw;
        }

        return SearchDataSet.Create(all, split, search, testSet, input, preprocessor);
    }
}
