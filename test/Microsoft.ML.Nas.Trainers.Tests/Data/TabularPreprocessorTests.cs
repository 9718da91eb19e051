using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class TabularPreprocessorTests : IDisposable
{
    // Rows 0-3 train, rows 4-6 validation: validation has other numbers, an unseen colour and a missing size.
    private const string TrainAndValidation =
        "x,colour,size,y\n" +
        "1,red,S,a\n" +
        "2,blue,M,b\n" +
        "3,red,L,a\n" +
        "NA,,S,b\n" +
        "10,green,,a\n" +
        "20,red,M,b\n" +
        "?,blue,L,a\n";

    private readonly TabularTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Transform_TrainingRows_ImputesStandardizesAndOneHotEncodes()
    {
        var (train, _) = TrainAndValidationFrames();

        var preprocessor = TabularPreprocessor.Fit(train);
        var dataset = preprocessor.Transform(train);

        var std = Math.Sqrt(2.0 / 3);
        Assert.Equal(
            ["x", "colour=blue", "colour=red", "colour=<missing>", "size=L", "size=M", "size=S"],
            preprocessor.FeatureNames);
        Assert.Equal((4, 7), (dataset.RowCount, dataset.FeatureCount));
        AssertRow(dataset, 0, [(float)(-1 / std), 0, 1, 0, 0, 0, 1]);
        AssertRow(dataset, 1, [0, 1, 0, 0, 0, 1, 0]);
        AssertRow(dataset, 2, [(float)(1 / std), 0, 1, 0, 1, 0, 0]);
        AssertRow(dataset, 3, [0, 0, 0, 1, 0, 0, 1]); // missing x becomes the mean: 0 after standardizing
        Assert.Equal([0, 1, 0, 1], dataset.ClassLabels!);
        Assert.Equal(["a", "b"], dataset.ClassNames!);
    }

    [Fact]
    public void Transform_ValidationRows_UseStatisticsAndCategoriesFittedOnTrainingRowsOnly()
    {
        var (train, validation) = TrainAndValidationFrames();

        var fittedOnTrain = TabularPreprocessor.Fit(train);
        var dataset = fittedOnTrain.Transform(validation);

        var std = Math.Sqrt(2.0 / 3);
        Assert.Equal(7, dataset.FeatureCount);
        AssertRow(dataset, 0, [(float)((10 - 2) / std), 0, 0, 0, 0, 0, 0]); // unseen 'green', and size missing unseen in training
        AssertRow(dataset, 1, [(float)((20 - 2) / std), 0, 1, 0, 0, 1, 0]);
        AssertRow(dataset, 2, [0, 1, 0, 0, 1, 0, 0]);
        Assert.Equal(2, fittedOnTrain.Columns[0].Mean);

        // Fitting on the validation rows gives other statistics: the ones above did not leak from them.
        var fittedOnValidation = TabularPreprocessor.Fit(validation);
        Assert.Equal(15, fittedOnValidation.Columns[0].Mean);
        Assert.Contains("colour=green", fittedOnValidation.FeatureNames);
    }

    [Fact]
    public void Fit_Columns_ExposeTheFeatureLayoutForExport()
    {
        var (train, _) = TrainAndValidationFrames();

        var preprocessor = TabularPreprocessor.Fit(train);

        Assert.Equal([0, 1, 4], preprocessor.Columns.Select(column => column.FeatureOffset));
        Assert.Equal([1, 3, 3], preprocessor.Columns.Select(column => column.FeatureWidth));
        Assert.Equal(["blue", "red"], preprocessor.Columns[1].Categories);
        Assert.True(preprocessor.Columns[1].HasMissingCategory);
        Assert.False(preprocessor.Columns[2].HasMissingCategory);
        Assert.Equal(Math.Sqrt(2.0 / 3), preprocessor.Columns[0].StandardDeviation, 1e-15);
        Assert.Equal(preprocessor.FeatureNames, preprocessor.Columns.SelectMany(column => column.FeatureNames));
    }

    [Fact]
    public void Fit_MedianImputation_ReplacesMissingWithTheMedian()
    {
        var frame = _files.Load("median.csv", "x,y\n1,a\n2,b\n10,a\nNA,b\n");

        var preprocessor = TabularPreprocessor.Fit(frame, new TabularPreprocessorOptions { NumericImputation = TabularNumericImputation.Median });
        var features = preprocessor.Transform(frame).Features;

        var column = preprocessor.Columns[0];
        Assert.Equal(2, column.ImputedValue);
        Assert.Equal(13.0 / 3, column.Mean, 1e-12);
        Assert.Equal((float)((2 - column.Mean) / column.StandardDeviation), features[3]);
    }

    [Fact]
    public void Fit_ConstantColumn_KeepsScaleOneAndGivesZeros()
    {
        var frame = _files.Load("constant.csv", "x,y\n0.1,a\n0.1,b\n0.1,a\n");

        var preprocessor = TabularPreprocessor.Fit(frame);

        Assert.Equal(1, preprocessor.Columns[0].StandardDeviation);
        Assert.All(preprocessor.Transform(frame).Features, value => Assert.Equal(0, value));
    }

    [Fact]
    public void Fit_MoreCategoriesThanTheCap_KeepsTheMostFrequent()
    {
        var frame = _files.Load("many.csv", "c,y\nz,a\nz,b\ny,a\ny,b\nx,a\nw,b\n");

        var preprocessor = TabularPreprocessor.Fit(frame, new TabularPreprocessorOptions { MaxCategoriesPerColumn = 3 });

        // z and y twice; x and w once each, tie broken ordinally: w before x.
        Assert.Equal(["w", "y", "z"], preprocessor.Columns[0].Categories);
        Assert.Equal([0f, 0, 0], preprocessor.TransformRow(new Dictionary<string, string?> { ["c"] = "x" }));
    }

    [Fact]
    public void Fit_FrameWithOnlyALabel_ThrowsArgumentException()
    {
        var frame = _files.Load("label-only.csv", "id,y\n1,a\n2,b\n", new TabularLoadOptions { LabelColumn = "y", IgnoreColumns = ["id"] });

        var error = Assert.Throws<ArgumentException>(() => TabularPreprocessor.Fit(frame));

        Assert.Contains("no feature columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_BadOptions_ThrowArgumentExceptionNamingTheOption()
    {
        var frame = _files.Load("fine.csv", "x,y\n1,a\n2,b\n");

        var error = Assert.Throws<ArgumentException>(() => TabularPreprocessor.Fit(frame, new TabularPreprocessorOptions { MaxCategoriesPerColumn = 0 }));

        Assert.Equal("MaxCategoriesPerColumn", error.ParamName);
    }

    [Fact]
    public void Transform_FrameFromAnotherFile_MapsClassesByNameAndChecksColumns()
    {
        var train = _files.Load("train.csv", "x,y\n1,cat\n2,dog\n3,emu\n");
        var test = _files.Load("test.csv", "x,y\n4,emu\n5,dog\n");
        var preprocessor = TabularPreprocessor.Fit(train);

        var dataset = preprocessor.Transform(test);

        Assert.Equal(["cat", "dog", "emu"], dataset.ClassNames!);
        Assert.Equal([2, 1], dataset.ClassLabels!);
    }

    [Fact]
    public void Transform_UnknownClass_NamesFileLineAndLabelColumn()
    {
        var train = _files.Load("train.csv", "x,y\n1,cat\n2,dog\n");
        var path = _files.Write("test.csv", "x,y\n4,dog\n5,fox\n");
        var preprocessor = TabularPreprocessor.Fit(train);

        var error = Assert.Throws<InvalidDataException>(
            () => preprocessor.Transform(TabularDataLoader.LoadCsv(path, new TabularLoadOptions { LabelColumn = "y" })));

        Assert.Contains($"'{path}' line 3, column 'y'", error.Message, StringComparison.Ordinal);
        Assert.Contains("class 'fox'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_TextInColumnFittedAsNumeric_NamesFileLineAndColumn()
    {
        var train = _files.Load("train.csv", "x,y\n1,cat\n2,dog\n");
        var path = _files.Write("test.csv", "x,y\n4,dog\nfive,cat\n");
        var preprocessor = TabularPreprocessor.Fit(train);

        var error = Assert.Throws<InvalidDataException>(
            () => preprocessor.Transform(TabularDataLoader.LoadCsv(path, new TabularLoadOptions { LabelColumn = "y" })));

        Assert.Contains($"'{path}' line 3, column 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'five'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_FrameWithoutAFittedColumn_NamesTheColumn()
    {
        var train = _files.Load("train.csv", "x,z,y\n1,2,cat\n2,3,dog\n");
        var test = _files.Load("test.csv", "x,y\n4,dog\n5,cat\n");
        var preprocessor = TabularPreprocessor.Fit(train);

        var error = Assert.Throws<InvalidDataException>(() => preprocessor.Transform(test));

        Assert.Contains("column 'z'", error.Message, StringComparison.Ordinal);
        Assert.Contains("test.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_Regression_PassesTargetsThrough()
    {
        var frame = _files.Load("regression.csv", "x,y\n1,0.25\n2,-1.5\n3,7\n");

        var dataset = TabularPreprocessor.Fit(frame).Transform(frame);

        Assert.Equal(TabularTask.Regression, dataset.Task);
        Assert.Equal([0.25f, -1.5f, 7f], dataset.RegressionTargets!);
        Assert.Null(dataset.ClassLabels);
    }

    [Fact]
    public void TransformRow_RawText_MatchesTransformOfTheSameRow()
    {
        var (train, validation) = TrainAndValidationFrames();
        var preprocessor = TabularPreprocessor.Fit(train);
        var dataset = preprocessor.Transform(validation);

        var row = preprocessor.TransformRow(new Dictionary<string, string?> { ["x"] = " 20 ", ["colour"] = "red", ["size"] = "M", ["y"] = "ignored" });
        var missing = preprocessor.TransformRow(new Dictionary<string, string?> { ["x"] = "?", ["colour"] = null, ["size"] = "NA" });

        Assert.Equal(dataset.Features.AsSpan(7, 7).ToArray(), row);
        Assert.Equal([0f, 0, 0, 1, 0, 0, 0], missing);
    }

    [Fact]
    public void TransformRow_BadInput_ThrowsArgumentExceptionNamingTheColumn()
    {
        var (train, _) = TrainAndValidationFrames();
        var preprocessor = TabularPreprocessor.Fit(train);

        var lacking = Assert.Throws<ArgumentException>(() => preprocessor.TransformRow(new Dictionary<string, string?> { ["x"] = "1", ["colour"] = "red" }));
        var text = Assert.Throws<ArgumentException>(
            () => preprocessor.TransformRow(new Dictionary<string, string?> { ["x"] = "one", ["colour"] = "red", ["size"] = "S" }));
        var nan = Assert.Throws<ArgumentException>(
            () => preprocessor.TransformRow(new Dictionary<string, string?> { ["x"] = "NaN", ["colour"] = "red", ["size"] = "S" }));

        Assert.Contains("'size'", lacking.Message, StringComparison.Ordinal);
        Assert.Contains("Column 'x'", text.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", nan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_OfToJson_TransformsIdentically()
    {
        var (train, validation) = TrainAndValidationFrames();
        var original = TabularPreprocessor.Fit(train, new TabularPreprocessorOptions { NumericImputation = TabularNumericImputation.Median });

        var json = original.ToJson();
        var restored = TabularPreprocessor.FromJson(json);

        Assert.Equal(original.FeatureNames, restored.FeatureNames);
        Assert.Equal(original.ClassNames!, restored.ClassNames!);
        Assert.Equal(original.MissingValueTokens, restored.MissingValueTokens);
        Assert.Equal(original.Transform(train).Features, restored.Transform(train).Features);
        Assert.Equal(original.Transform(validation).Features, restored.Transform(validation).Features);
        Assert.Equal(original.Transform(validation).ClassLabels!, restored.Transform(validation).ClassLabels!);
        Assert.Equal(json, restored.ToJson());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"format":"nasml-tabular-preprocessor","version":2,"labelColumn":"y","task":"Regression","columns":[]}""")]
    [InlineData("""{"format":"nasml-tabular-preprocessor","version":1,"labelColumn":"y","task":"Regression","missingValueTokens":[],"columns":[{"name":"x","kind":"Numeric","standardDeviation":0}]}""")]
    [InlineData("""{"format":"nasml-tabular-preprocessor","version":1,"labelColumn":"y","task":"Classification","classNames":["a"],"missingValueTokens":[],"columns":[{"name":"x","kind":"Numeric","standardDeviation":1}]}""")]
    public void FromJson_InvalidDocument_ThrowsInvalidDataException(string json)
    {
        var error = Assert.Throws<InvalidDataException>(() => TabularPreprocessor.FromJson(json));

        Assert.StartsWith("Preprocessor JSON is", error.Message, StringComparison.Ordinal);
    }

    private (TabularFrame Train, TabularFrame Validation) TrainAndValidationFrames()
    {
        var frame = _files.Load("frame.csv", TrainAndValidation);
        return (frame.SelectRows([0, 1, 2, 3]), frame.SelectRows([4, 5, 6]));
    }

    private static void AssertRow(TabularDataset dataset, int row, float[] expected)
    {
        var actual = dataset.Features.AsSpan(row * dataset.FeatureCount, dataset.FeatureCount).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"row {row} feature {i} ({dataset.FeatureNames[i]}): expected {expected[i]}, got {actual[i]}");
        }
    }
}
