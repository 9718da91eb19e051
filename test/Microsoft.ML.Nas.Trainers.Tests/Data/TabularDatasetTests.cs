using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

public sealed class TabularDatasetTests
{
    [Fact]
    public void Constructor_ConsistentArrays_ExposesShape()
    {
        var dataset = new TabularDataset(TabularTask.Classification, [1, 2, 3, 4, 5, 6], ["a", "b"], [0, 1, 1], ["no", "yes"], null);

        Assert.Equal((3, 2, 2), (dataset.RowCount, dataset.FeatureCount, dataset.ClassCount));
    }

    [Fact]
    public void Constructor_FeaturesNotAMultipleOfTheWidth_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new TabularDataset(TabularTask.Regression, [1, 2, 3], ["a", "b"], null, null, [0.5f]));

        Assert.Equal("features", error.ParamName);
    }

    [Fact]
    public void Constructor_ClassLabelOutsideTheClasses_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new TabularDataset(TabularTask.Classification, [1, 2], ["a"], [0, 2], ["no", "yes"], null));

        Assert.Contains("Class label 2 of row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonFiniteFeature_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new TabularDataset(TabularTask.Regression, [1, float.NaN], ["a"], null, null, [0.5f, 1]));

        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RegressionWithClassLabels_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => new TabularDataset(TabularTask.Regression, [1, 2], ["a"], [0, 1], null, [0.5f, 1]));
    }
}
