using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

[Collection(TorchTests.CollectionName)]
public sealed class BatchLoaderTests
{
    [Fact]
    public void GetBatch_EveryEpoch_VisitsEverySampleOnceInASeededOrder()
    {
        using var dataset = IndexDataset(50);
        var loader = new BatchLoader(dataset, batchSize: 16, seed: 3);
        var again = new BatchLoader(dataset, batchSize: 16, seed: 3);

        var epoch0 = ReadEpoch(loader, 0);
        var epoch1 = ReadEpoch(loader, 1);

        Assert.Equal(4, loader.BatchCount);
        Assert.Equal(Enumerable.Range(0, 50), epoch0.Features.Order());
        Assert.Equal(Enumerable.Range(0, 50), epoch1.Features.Order());
        Assert.NotEqual(epoch0.Features, epoch1.Features);
        Assert.Equal(epoch0.Features.Select(index => (long)(index % 3)), epoch0.Targets);
        Assert.Equal(epoch1.Features, ReadEpoch(again, 1).Features);
        Assert.Equal(loader.Order(1), epoch1.Features);
    }

    [Fact]
    public void GetBatch_WithoutShuffle_KeepsTheDatasetOrderAndALastSmallerBatch()
    {
        using var dataset = IndexDataset(10);
        var loader = new BatchLoader(dataset, batchSize: 4, shuffle: false);

        using var last = loader.GetBatch(0, 2);

        Assert.Equal(Enumerable.Range(0, 10), ReadEpoch(loader, 5).Features);
        Assert.Equal(2, last.Count);
        Assert.Equal([2L, 1L], last.Features.shape);
    }

    [Fact]
    public void BatchCount_WithDropLast_LeavesOutTheLastSmallerBatch()
    {
        using var dataset = IndexDataset(10);

        Assert.Equal(2, new BatchLoader(dataset, 4, dropLast: true).BatchCount);
        Assert.Equal(3, new BatchLoader(dataset, 4).BatchCount);
        Assert.Throws<ArgumentException>(() => new BatchLoader(dataset, 11, dropLast: true));
    }

    [Fact]
    public void GetBatch_FlipOnly_MirrorsSomeImagesAndKeepsTheOthers()
    {
        using var dataset = ImageDataset(64, height: 3, width: 4, normalization: null);
        var images = dataset.Features.ToArray<float>();
        var loader = new BatchLoader(dataset, 64, shuffle: false, seed: 1, augmentation: new ImageAugmentation { CropPadding = 0 });

        using var batch = loader.GetBatch(0, 0);
        var augmented = batch.Features.ToArray<float>();

        var flipped = 0;
        for (var i = 0; i < 64; i++)
        {
            var original = images.AsSpan(i * 12, 12).ToArray();
            var result = augmented.AsSpan(i * 12, 12).ToArray();
            var mirrored = Shift(original, 3, 4, 0, 0, flip: true, fill: 0, padding: 0);
            Assert.True(result.SequenceEqual(original) || result.SequenceEqual(mirrored), $"image {i}");
            flipped += result.SequenceEqual(mirrored) ? 1 : 0;
        }

        Assert.InRange(flipped, 16, 48);
    }

    [Fact]
    public void GetBatch_CropWithPadding_ShiftsEachImageWithinThePaddingAndFillsWithNormalizedBlack()
    {
        var normalization = new ImageNormalization([0.5], [0.25]);
        using var dataset = ImageDataset(40, height: 5, width: 6, normalization);
        var images = dataset.Features.ToArray<float>();
        var augmentation = new ImageAugmentation { CropPadding = 2 };
        var loader = new BatchLoader(dataset, 40, shuffle: false, seed: 2, augmentation: augmentation);

        using var batch = loader.GetBatch(3, 0);
        using var again = loader.GetBatch(3, 0);
        var augmented = batch.Features.ToArray<float>();

        Assert.Equal(augmented, again.Features.ToArray<float>());
        var shifts = new HashSet<(int, int, bool)>();
        for (var i = 0; i < 40; i++)
        {
            var original = images.AsSpan(i * 30, 30).ToArray();
            var result = augmented.AsSpan(i * 30, 30).ToArray();
            var matches = Candidates(2).Where(c => Shift(original, 5, 6, c.Dy, c.Dx, c.Flip, fill: -2f, padding: 2).SequenceEqual(result)).ToList();
            Assert.True(matches.Count > 0, $"image {i} is no padded crop of the original");
            shifts.Add(matches[0]);
        }

        Assert.True(shifts.Count > 10);
    }

    [Fact]
    public void Constructor_AugmentationOfATable_Throws()
    {
        using var dataset = IndexDataset(8);

        var exception = Assert.Throws<ArgumentException>(() => new BatchLoader(dataset, 4, augmentation: ImageAugmentation.Standard));

        Assert.Equal("augmentation", exception.ParamName);
    }

    [Fact]
    public void GetBatch_InsideADisposeScope_LeavesNothingBehind()
    {
        using var dataset = ImageDataset(32, 4, 4, new ImageNormalization([0.5], [0.5]));
        var loader = new BatchLoader(dataset, 8, augmentation: ImageAugmentation.Standard);
        var before = TorchTests.LiveTensors;

        for (var b = 0; b < loader.BatchCount; b++)
        {
            using (torch.NewDisposeScope())
            {
                _ = loader.GetBatch(0, b);
            }
        }

        Assert.Equal(before, TorchTests.LiveTensors);
    }

    /// <summary>Features [N, 1] holding each sample's index; targets index mod 3.</summary>
    private static TensorDataset IndexDataset(int count) => TensorDataset.FromTensors(
        TensorTestExtensions.FromArray([.. Enumerable.Range(0, count).Select(i => (float)i)], count, 1),
        TensorTestExtensions.FromArray([.. Enumerable.Range(0, count).Select(i => (long)(i % 3))]),
        TrainingTask.Classification,
        classCount: 3);

    /// <summary>Images [N, 1, H, W] with distinct values.</summary>
    private static TensorDataset ImageDataset(int count, int height, int width, ImageNormalization? normalization) => TensorDataset.FromTensors(
        TensorTestExtensions.FromArray([.. Enumerable.Range(0, count * height * width).Select(i => (float)(i + 1))], count, 1, height, width),
        TensorTestExtensions.FromArray(new long[count]),
        TrainingTask.Classification,
        classCount: 2,
        imageNormalization: normalization);

    private static (List<int> Features, List<long> Targets) ReadEpoch(BatchLoader loader, int epoch)
    {
        var (features, targets) = (new List<int>(), new List<long>());
        for (var b = 0; b < loader.BatchCount; b++)
        {
            using var batch = loader.GetBatch(epoch, b);
            features.AddRange(batch.Features.ToArray<float>().Select(value => (int)value));
            targets.AddRange(batch.Targets.ToArray<long>());
        }

        return (features, targets);
    }

    private static IEnumerable<(int Dy, int Dx, bool Flip)> Candidates(int padding) =>
        from dy in Enumerable.Range(0, (2 * padding) + 1)
        from dx in Enumerable.Range(0, (2 * padding) + 1)
        from flip in new[] { false, true }
        select (dy, dx, flip);

    /// <summary>Reference crop: the H × W window at (dy, dx) of the image padded by <paramref name="padding"/>, then mirrored.</summary>
    private static float[] Shift(float[] image, int height, int width, int dy, int dx, bool flip, float fill, int padding)
    {
        var result = new float[height * width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sourceX = (flip ? width - 1 - x : x) + dx - padding;
                var sourceY = y + dy - padding;
                result[(y * width) + x] = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width
                    ? image[(sourceY * width) + sourceX]
                    : fill;
            }
        }

        return result;
    }
}
