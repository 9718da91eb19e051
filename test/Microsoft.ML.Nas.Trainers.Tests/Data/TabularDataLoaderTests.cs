using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class TabularDataLoaderTests : IDisposable
{
    private readonly TabularTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void LoadCsv_TextLabel_InfersClassificationWithOrdinalClassNames()
    {
        var frame = _files.Load("text.csv", "x,y\n1,b\n2,a\n3,c\n4,a\n");

        Assert.Equal(TabularTask.Classification, frame.Task);
        Assert.Equal(["a", "b", "c"], frame.ClassNames!);
        Assert.Equal([1, 0, 2, 0], frame.ClassLabels!);
        Assert.Null(frame.RegressionTargets);
    }

    [Fact]
    public void LoadCsv_NumericClassLabels_AreOrderedByValueAndNamedCanonically()
    {
        var frame = _files.Load("numeric-classes.csv", "x,y\n1,10\n2,9\n3,10.0\n4,9\n");

        Assert.Equal(TabularTask.Classification, frame.Task);
        Assert.Equal(["9", "10"], frame.ClassNames!);
        Assert.Equal([1, 0, 1, 0], frame.ClassLabels!);
    }

    [Theory]
    [InlineData(100, 5, TabularTask.Classification)] // 5 ≤ min(20, 5% of 100)
    [InlineData(60, 5, TabularTask.Regression)] // 5 > 5% of 60
    [InlineData(1000, 20, TabularTask.Classification)]
    [InlineData(1000, 21, TabularTask.Regression)] // more than 20 distinct values
    [InlineData(10, 2, TabularTask.Classification)] // 2 distinct values are always classes
    public void LoadCsv_IntegerLabel_InfersTaskFromDistinctValueCount(int rows, int distinct, TabularTask expected)
    {
        var text = "x,y\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i % distinct}\n"));

        var frame = _files.Load("integers.csv", text);

        Assert.Equal(expected, frame.Task);
    }

    [Fact]
    public void LoadCsv_FractionalLabel_InfersRegression()
    {
        var frame = _files.Load("regression.csv", "x,y\n1,0.5\n2,1\n3,0.5\n");

        Assert.Equal(TabularTask.Regression, frame.Task);
        Assert.Equal([0.5, 1, 0.5], frame.RegressionTargets!);
        Assert.Null(frame.ClassNames);
    }

    [Fact]
    public void LoadCsv_DeclaredTask_OverridesInference()
    {
        var frame = _files.Load("declared.csv", "x,y\n1,0\n2,1\n3,0\n", new TabularLoadOptions { LabelColumn = "y", Task = TabularTask.Regression });

        Assert.Equal(TabularTask.Regression, frame.Task);
        Assert.Equal([0.0, 1, 0], frame.RegressionTargets!);
    }

    [Fact]
    public void LoadCsv_ColumnKinds_AreInferredFromEveryNonMissingValue()
    {
        var frame = _files.Load(
            "kinds.csv",
            "number, mixed ,text,allMissing,nanText,y\n1,1,red,,NaN,a\n 2.5 ,x,blue,NA,red,b\n-3e2,2,,?,NaN,a\n");

        Assert.Equal(["number", "mixed", "text", "allMissing", "nanText"], frame.Columns.Select(column => column.Name));
        Assert.Equal(
            [TabularColumnKind.Numeric, TabularColumnKind.Categorical, TabularColumnKind.Categorical, TabularColumnKind.Numeric, TabularColumnKind.Categorical],
            frame.Columns.Select(column => column.Kind));
        Assert.Equal(["1", "2.5", "-3e2"], frame.Columns[0].Values);
        Assert.Equal(["red", "blue", null], frame.Columns[2].Values);
        Assert.Equal(3, frame.Columns[3].MissingCount);
    }

    [Fact]
    public void LoadCsv_DeclaredCategorical_KeepsNumberLikeTextVerbatim()
    {
        var options = new TabularLoadOptions
        {
            LabelColumn = "y",
            ColumnKinds = new Dictionary<string, TabularColumnKind> { ["zip"] = TabularColumnKind.Categorical },
        };

        var frame = _files.Load("zip.csv", "zip,y\n02139,a\n10001,b\n", options);

        Assert.Equal(TabularColumnKind.Categorical, frame.Columns[0].Kind);
        Assert.Equal(["02139", "10001"], frame.Columns[0].Values);
    }

    [Fact]
    public void LoadCsv_QuotedFields_HoldSeparatorsQuotesAndLineBreaks()
    {
        var frame = _files.Load("quoted.csv", "name,y\n\"Smith, \"\"J\"\"\",a\n\"two\nlines\",b\n\n plain ,a\n");

        Assert.Equal(["Smith, \"J\"", "two\nlines", "plain"], frame.Columns[0].Values);
        Assert.Equal([2, 3, 6], frame.LineNumbers);
    }

    [Fact]
    public void LoadCsv_SemicolonSeparator_SplitsOnIt()
    {
        var options = new TabularLoadOptions { LabelColumn = "y", Separator = ';' };

        var frame = _files.Load("semicolon.csv", "a;b;y\n1,5;x;p\n2,5;z;q\n", options);

        Assert.Equal(["1,5", "2,5"], frame.Columns[0].Values);
        Assert.Equal(TabularColumnKind.Categorical, frame.Columns[0].Kind);
    }

    [Fact]
    public void LoadCsv_TabSeparator_TrimsSurroundingSpacesOnly()
    {
        var options = new TabularLoadOptions { LabelColumn = "y", Separator = '\t' };

        var frame = _files.Load("tabs.tsv", "a\tb\ty\n1\t x y \tp\n\t\tq\n 3 \tz\tp\n", options);

        Assert.Equal(["1", null, "3"], frame.Columns[0].Values);
        Assert.Equal(["x y", null, "z"], frame.Columns[1].Values);
        Assert.Equal(TabularColumnKind.Numeric, frame.Columns[0].Kind);
    }

    [Fact]
    public void LoadCsv_MissingValueTokens_CanBeChanged()
    {
        var options = new TabularLoadOptions { LabelColumn = "y", MissingValueTokens = ["", "NaN", "-"] };

        var frame = _files.Load("tokens.csv", "x,c,y\nNaN,-,a\n2,NA,b\n", options);

        Assert.Equal(TabularColumnKind.Numeric, frame.Columns[0].Kind);
        Assert.Equal([null, "2"], frame.Columns[0].Values);
        Assert.Equal([null, "NA"], frame.Columns[1].Values);
    }

    [Fact]
    public void LoadCsv_IgnoredColumns_AreDropped()
    {
        var options = new TabularLoadOptions { LabelColumn = "y", IgnoreColumns = ["id"] };

        var frame = _files.Load("ignore.csv", "id,x,y\n7,1,a\n8,2,b\n", options);

        Assert.Equal(["x"], frame.Columns.Select(column => column.Name));
        Assert.False(frame.TryGetColumn("id", out _));
    }

    [Fact]
    public void LoadCsv_EmptyHeaderName_BecomesColumnN()
    {
        var frame = _files.Load("pandas-index.csv", ",x,y\n0,1,a\n1,2,b\n");

        Assert.Equal(["Column1", "x"], frame.Columns.Select(column => column.Name));
    }

    [Fact]
    public void LoadCsv_TextReader_UsesTheGivenSourceName()
    {
        var error = Assert.Throws<InvalidDataException>(() => TabularDataLoader.LoadCsv(
            new StringReader("x,y\n1,a\n"), new TabularLoadOptions { LabelColumn = "y" }, "in-memory"));

        Assert.Contains("'in-memory'", error.Message, StringComparison.Ordinal);
    }
}
