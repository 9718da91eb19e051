using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

[Collection(TorchTests.CollectionName)]
public sealed class TensorDatasetTests
{
    [Fact]
    public void ImageNormalizationFit_TwoSmallImages_MatchesHandComputedMeanAndDeviation()
    {
        // Pixels 0, 51, 102, 153 and 255 × 4: mean 127.5·... computed directly below.
        byte[] pixels = [0, 51, 102, 153, 255, 255, 255, 255];
        var images = new IdxImages(2, 2, 2, pixels);

        var all = ImageNormalization.Fit(images);
        var first = ImageNormalization.Fit(images, [0]);

        var mean = pixels.Average(p => p / 255.0);
        var deviation = Math.Sqrt(pixels.Average(p => Math.Pow((p / 255.0) - mean, 2)));
        Assert.Equal(mean, all.Mean[0], 12);
        Assert.Equal(deviation, all.StandardDeviation[0], 12);
        Assert.Equal(0.3, first.Mean[0], 12); // (0 + 0.2 + 0.4 + 0.6) / 4
        Assert.Equal(1, ImageNormalization.Fit(new IdxImages(1, 1, 2, [7, 7])).StandardDeviation[0]);
    }

    [Fact]
    public void FromImages_FashionSubset_NormalizesTheFittedImagesToZeroMeanAndUnitDeviation()
    {
        var (images, labels) = TrainingTestData.FashionSubset;
        var normalization = ImageNormalization.Fit(images);

        using var dataset = TensorDataset.FromImages(images, labels, normalization);
        var features = dataset.Features.ToArray<float>();

        Assert.Equal([2000L, 1, 28, 28], dataset.Features.shape);
        Assert.Equal([1L, 28, 28], dataset.SampleShape);
        Assert.True(dataset.IsImage);
        Assert.Equal(10, dataset.ClassCount);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], dataset.ClassNames);
        Assert.Equal(0, features.Average(value => (double)value), 4);
        Assert.Equal(1, Math.Sqrt(features.Average(value => (double)value * value)), 4);
        var pixel = images.Pixels[1234];
        Assert.Equal(((pixel / 255.0) - normalization.Mean[0]) / normalization.StandardDeviation[0], features[1234], 5);
        Assert.Equal(labels.Select(label => (long)label), dataset.Targets.ToArray<long>());
    }

    [Fact]
    public void Subset_PicksTheRowsInTheGivenOrderAndKeepsTheMetadata()
    {
        using var table = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(20, seed: 1));

        using var subset = table.Subset([5, 2, 5]);

        var all = table.Features.ToArray<float>();
        Assert.Equal(3, subset.Count);
        Assert.Equal(all.Skip(20).Take(4).Concat(all.Skip(8).Take(4)).Concat(all.Skip(20).Take(4)), subset.Features.ToArray<float>());
        Assert.Equal(table.ClassNames, subset.ClassNames);
        Assert.Throws<ArgumentException>(() => table.Subset([20]));
    }

    [Fact]
    public void FromTabular_Regression_StandardizesTargetsWithTheTrainingConstants()
    {
        var trainTable = TrainingTestData.RegressionTable(300, seed: 1);
        var validationTable = TrainingTestData.RegressionTable(100, seed: 2);

        using var train = TensorDataset.FromTabular(trainTable);
        using var validation = TensorDataset.FromTabular(validationTable, train.TargetStandardization);
        var standardized = train.Targets.ToArray<float>();

        Assert.Equal(TrainingTask.Regression, train.Task);
        Assert.Equal([300L, 1], train.Targets.shape);
        Assert.Equal(trainTable.RegressionTargets!.Average(value => (double)value), train.TargetStandardization!.Mean, 3);
        Assert.Equal(0, standardized.Average(value => (double)value), 4);
        Assert.Equal(1, Math.Sqrt(standardized.Average(value => (double)value * value)), 4);
        Assert.Same(train.TargetStandardization, validation.TargetStandardization);
        Assert.Equal(validationTable.RegressionTargets!, validation.RegressionTargetArray(), (a, b) => Math.Abs(a - b) < 1e-3);
    }

    [Fact]
    public void FromTensors_WrongDtypes_ThrowNamingTheTensor()
    {
        using var features = torch.zeros([4, 2]);
        using var floatLabels = torch.zeros([4]);
        using var longTargets = torch.zeros([4], ScalarType.Int64);

        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => TensorDataset.FromTensors(features, floatLabels, TrainingTask.Classification, 2)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => TensorDataset.FromTensors(features, longTargets, TrainingTask.Regression)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => TensorDataset.FromTensors(longTargets, longTargets, TrainingTask.Classification, 2)).ParamName);
        using var outside = TensorTestExtensions.FromArray(new long[] { 0, 1, 2, 1 });
        Assert.Contains("[0, 2]", Assert.Throws<ArgumentException>(() => TensorDataset.FromTensors(features, outside, TrainingTask.Classification, 2)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ReleasesBothTensorsEvenWhenCreatedInsideAScope()
    {
        var before = TorchTests.LiveTensors;
        TensorDataset dataset;
        using (torch.NewDisposeScope())
        {
            dataset = TensorDataset.FromTabular(TrainingTestData.ClassificationTable(10, seed: 1));
        }

        Assert.False(dataset.Features.IsInvalid);
        Assert.Equal(before + 2, TorchTests.LiveTensors);
        dataset.Dispose();
        Assert.Equal(before, TorchTests.LiveTensors);
    }
}
