using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class TabularDataLoaderBadInputTests : IDisposable
{
    private readonly TabularTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void LoadCsv_RowWithTooFewFields_NamesFileLineAndMissingColumn()
    {
        var path = _files.Write("short.csv", "a,b,y\n1,2,p\n3,q\n");

        var error = Load(path);

        AssertPoints(error, path, "line 3", "'y'");
        Assert.Contains("2 fields but the header has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_RowWithTooManyFields_NamesFileLineAndExtraField()
    {
        var path = _files.Write("long.csv", "a,b,y\n1,2,p\n3,4,q\n5,6,r,extra\n");

        var error = Load(path);

        AssertPoints(error, path, "line 4", "'y'");
        Assert.Contains("4 fields but the header has 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'extra'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_TextInDeclaredNumericColumn_NamesFileLineColumnAndValue()
    {
        var path = _files.Write("text-in-number.csv", "age,y\n31,p\n\n42,q\nforty,p\n");
        var options = new TabularLoadOptions
        {
            LabelColumn = "y",
            ColumnKinds = new Dictionary<string, TabularColumnKind> { ["age"] = TabularColumnKind.Numeric },
        };

        var error = Load(path, options);

        AssertPoints(error, path, "line 5", "column 'age'");
        Assert.Contains("expected a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("'forty'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_MissingLabelColumn_ListsAvailableColumnsAndSuggestsCase()
    {
        var path = _files.Write("no-label.csv", "Age,Churn\n1,Yes\n2,No\n");

        var error = Load(path, new TabularLoadOptions { LabelColumn = "churn" });

        AssertPoints(error, path, "line 1", "'churn'");
        Assert.Contains("Available columns: 'Age', 'Churn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Churn'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_UnknownIgnoredColumn_ListsAvailableColumns()
    {
        var path = _files.Write("no-ignored.csv", "a,y\n1,p\n2,q\n");

        var error = Load(path, new TabularLoadOptions { LabelColumn = "y", IgnoreColumns = ["id"] });

        AssertPoints(error, path, "line 1", "'id'");
        Assert.Contains("Available columns: 'a', 'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_SingleClass_NamesFileColumnAndTheClass()
    {
        var path = _files.Write("one-class.csv", "a,y\n1,Yes\n2,Yes\n3,Yes\n");

        var error = Load(path);

        AssertPoints(error, path, "column 'y'", "at least 2 classes");
        Assert.Contains("all 3 rows have the label 'Yes'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    public void LoadCsv_NonFiniteNumberInNumericColumn_IsBadInputNotMissing(string value)
    {
        var path = _files.Write("non-finite.csv", $"a,b,y\n1,2,p\n3,{value},q\n");

        var error = Load(path);

        AssertPoints(error, path, "line 3", "column 'b'");
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_NaNLabel_IsBadInput()
    {
        var path = _files.Write("nan-label.csv", "a,y\n1,0.5\n2,NaN\n3,1.5\n");

        var error = Load(path);

        AssertPoints(error, path, "line 3", "column 'y'");
        Assert.Contains("not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void LoadCsv_EmptyFile_SaysAHeaderIsExpected(string text)
    {
        var path = _files.Write("empty.csv", text);

        var error = Load(path);

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("is empty: expected a header row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_HeaderOnly_SaysThereAreNoRows()
    {
        var path = _files.Write("header-only.csv", "a,b,y\n");

        var error = Load(path);

        AssertPoints(error, path, "line 1", "no data rows");
    }

    [Fact]
    public void LoadCsv_DuplicateHeaderNames_NamesTheColumnAndBothPositions()
    {
        var path = _files.Write("duplicate.csv", "a,b,a,y\n1,2,3,p\n");

        var error = Load(path);

        AssertPoints(error, path, "line 1", "column 'a'");
        Assert.Contains("fields 1 and 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NA")]
    [InlineData("?")]
    public void LoadCsv_MissingLabelValue_NamesFileLineAndLabelColumn(string missing)
    {
        var path = _files.Write("missing-label.csv", $"a,y\n1,p\n2,q\n3,{missing}\n");

        var error = Load(path);

        AssertPoints(error, path, "line 4", "column 'y'");
        Assert.Contains("the label is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_TextLabelForDeclaredRegression_NamesFileLineAndValue()
    {
        var path = _files.Write("text-target.csv", "a,y\n1,0.5\n2,high\n");

        var error = Load(path, new TabularLoadOptions { LabelColumn = "y", Task = TabularTask.Regression });

        AssertPoints(error, path, "line 3", "column 'y'");
        Assert.Contains("'high'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_MalformedQuoting_NamesFileAndLine()
    {
        var path = _files.Write("quotes.csv", "a,y\n1,p\n2,q\"x\n");

        var error = Load(path);

        AssertPoints(error, path, "line 3", "malformed quoting");
    }

    [Fact]
    public void LoadCsv_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "nasml-no-such-file.csv");

        Assert.Throws<FileNotFoundException>(() => TabularDataLoader.LoadCsv(path, new TabularLoadOptions { LabelColumn = "y" }));
    }

    [Fact]
    public void LoadCsv_BadOptions_ThrowArgumentExceptionNamingTheOption()
    {
        var path = _files.Write("fine.csv", "a,y\n1,p\n2,q\n");

        var noLabel = Assert.Throws<ArgumentException>(() => TabularDataLoader.LoadCsv(path, new TabularLoadOptions { LabelColumn = " " }));
        var quote = Assert.Throws<ArgumentException>(() => TabularDataLoader.LoadCsv(path, new TabularLoadOptions { LabelColumn = "y", Separator = '"' }));
        var ignoredLabel = Assert.Throws<ArgumentException>(
            () => TabularDataLoader.LoadCsv(path, new TabularLoadOptions { LabelColumn = "y", IgnoreColumns = ["y"] }));

        Assert.Equal("LabelColumn", noLabel.ParamName);
        Assert.Equal("Separator", quote.ParamName);
        Assert.Equal("IgnoreColumns", ignoredLabel.ParamName);
    }

    [Fact]
    public void Options_CollectionsAreCopied_SoLaterChangesDoNotLeakIn()
    {
        var ignored = new List<string> { "id" };
        var options = new TabularLoadOptions { LabelColumn = "y", IgnoreColumns = ignored };

        ignored.Add("x");

        Assert.Equal(["id"], options.IgnoreColumns);
    }

    private static InvalidDataException Load(string path, TabularLoadOptions? options = null) =>
        Assert.Throws<InvalidDataException>(() => TabularDataLoader.LoadCsv(path, options ?? new TabularLoadOptions { LabelColumn = "y" }));

    private static void AssertPoints(InvalidDataException error, string path, params string[] fragments)
    {
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }
}
