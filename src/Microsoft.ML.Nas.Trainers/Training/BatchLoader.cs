using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// Cuts mini-batches from a preloaded <see cref="TensorDataset"/>: a seeded permutation per epoch, each batch sliced
/// natively with one index select per tensor, and optional image augmentation applied natively per batch.
/// </summary>
/// <remarks>
/// <para>
/// Reproducible by construction: the order of epoch e and the augmentation of batch b of epoch e come from generators
/// seeded with (<see cref="Seed"/>, e) and (<see cref="Seed"/>, e, b), independent of libtorch's global generator and
/// of the order in which batches are requested.
/// </para>
/// <para>
/// Augmentation (<see cref="ImageAugmentation"/>) of a batch [B, C, H, W]: pad with the normalized black value, then
/// one gather along the rows and one along the columns picks, for every image, its random H × W window and mirrors it
/// when flipped; about ten native calls per batch whatever B is.
/// </para>
/// <para>Not thread-safe: one loader per training loop.</para>
/// </remarks>
public sealed class BatchLoader
{
    private readonly TensorDataset _dataset;
    private int[]? _order;
    private int _orderEpoch = -1;

    /// <summary>Initializes a loader.</summary>
    /// <param name="dataset">The dataset; the loader does not own it.</param>
    /// <param name="batchSize">The number of samples per batch; at least 1.</param>
    /// <param name="shuffle">Whether each epoch visits the samples in a new seeded order; <see langword="true"/> by default.</param>
    /// <param name="seed">The seed of the orders and of the augmentation; 0 by default.</param>
    /// <param name="augmentation">The augmentation of image batches, or <see langword="null"/> (default) for none.</param>
    /// <param name="dropLast">Whether to drop the last batch when it is smaller than <paramref name="batchSize"/>; <see langword="false"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">Augmentation is asked for a dataset that is not images, or no batch would remain.</exception>
    public BatchLoader(
        TensorDataset dataset, int batchSize, bool shuffle = true, int seed = 0, ImageAugmentation? augmentation = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (augmentation is not null)
        {
            augmentation.Validate();
            if (!dataset.IsImage)
            {
                throw new ArgumentException(
                    $"Image augmentation needs samples [C, H, W]; this dataset's are [{string.Join(", ", dataset.SampleShape)}].", nameof(augmentation));
            }
        }

        _dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        Augmentation = augmentation;
        DropLast = dropLast;
        BatchCount = dropLast ? dataset.Count / batchSize : (dataset.Count + batchSize - 1) / batchSize;
        if (BatchCount == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{dataset.Count} samples make no batch of {batchSize} (dropLast: {dropLast})."), nameof(batchSize));
        }
    }

    /// <summary>Gets the number of samples per batch (the last batch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Gets the number of batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>Gets a value indicating whether each epoch shuffles the samples.</summary>
    public bool Shuffle { get; }

    /// <summary>Gets the seed of the orders and of the augmentation.</summary>
    public int Seed { get; }

    /// <summary>Gets the augmentation, or <see langword="null"/>.</summary>
    public ImageAugmentation? Augmentation { get; }

    /// <summary>Gets a value indicating whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>Gets the order in which epoch <paramref name="epoch"/> visits the samples: a seeded permutation, or 0..N−1 without shuffling.</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <returns>The sample indices in visiting order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public IReadOnlyList<int> Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (_orderEpoch != epoch || _order is null)
        {
            var order = new int[_dataset.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            if (Shuffle)
            {
                var random = new Random(DeriveSeed(Seed, epoch, -1));
                for (var i = order.Length - 1; i > 0; i--)
                {
                    var j = random.Next(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
            }

            (_order, _orderEpoch) = (order, epoch);
        }

        return _order;
    }

    /// <summary>
    /// Makes batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/>: its samples selected natively from
    /// the dataset's tensors, augmented when the loader augments. The tensors join the current TorchSharp dispose scope
    /// (open one per training step with <c>torch.NewDisposeScope()</c>).
    /// </summary>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <param name="batchIndex">The batch, in [0, <see cref="BatchCount"/>).</param>
    /// <returns>The batch, on the dataset's device.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public TensorBatch GetBatch(int epoch, int batchIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, BatchCount);
        var order = Order(epoch);
        var start = batchIndex * BatchSize;
        var count = Math.Min(BatchSize, order.Count - start);
        var indices = new long[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = order[start + i];
        }

        Tensor features;
        Tensor targets;
        using (var scope = torch.NewDisposeScope())
        {
            var device = _dataset.Device;
            var index = torch.tensor(indices, device: device);
            features = _dataset.Features.index_select(0, index);
            if (Augmentation is { } augmentation)
            {
                features = Augment(features, augmentation, new Random(DeriveSeed(Seed, epoch, batchIndex)));
            }

            targets = _dataset.Targets.index_select(0, index);
            features.MoveToOuterDisposeScope();
            targets.MoveToOuterDisposeScope();
        }

        return new TensorBatch(features, targets, count);
    }

    /// <summary>Applies a random padded crop and a random horizontal flip to every image of [B, C, H, W].</summary>
    private Tensor Augment(Tensor images, ImageAugmentation augmentation, Random random)
    {
        var shape = images.shape;
        var (batch, channels, height, width) = (shape[0], shape[1], (int)shape[2], (int)shape[3]);
        var padding = augmentation.CropPadding;
        var rowOffsets = new int[batch];
        var columnOffsets = new int[batch];
        var flips = new bool[batch];
        for (var i = 0; i < batch; i++)
        {
            rowOffsets[i] = padding > 0 ? random.Next((2 * padding) + 1) : 0;
            columnOffsets[i] = padding > 0 ? random.Next((2 * padding) + 1) : 0;
            flips[i] = augmentation.HorizontalFlip && random.Next(2) == 1;
        }

        var device = images.device;
        var source = images;
        if (padding > 0)
        {
            var fill = new float[channels];
            for (var channel = 0; channel < channels; channel++)
            {
                fill[channel] = (float)(_dataset.ImageNormalization?.NormalizedZero(channel) ?? 0.0);
            }

            var fillTensor = torch.tensor(fill, [1, channels, 1, 1], device: device);
            var sides = fillTensor.expand(batch, channels, height, padding);
            source = torch.cat([sides, source, sides], 3);
            var caps = fillTensor.expand(batch, channels, padding, width + (2 * padding));
            source = torch.cat([caps, source, caps], 2);

            var rows = new long[batch * height];
            for (var i = 0; i < batch; i++)
            {
                for (var y = 0; y < height; y++)
                {
                    rows[(i * height) + y] = y + rowOffsets[i];
                }
            }

            var rowIndex = torch.tensor(rows, [batch, 1, height, 1], device: device).expand(batch, channels, height, width + (2 * padding));
            source = source.gather(2, rowIndex);
        }
        else if (!flips.Contains(true))
        {
            return images;
        }

        var columns = new long[batch * width];
        for (var i = 0; i < batch; i++)
        {
            for (var x = 0; x < width; x++)
            {
                columns[(i * width) + x] = (flips[i] ? width - 1 - x : x) + columnOffsets[i];
            }
        }

        var columnIndex = torch.tensor(columns, [batch, 1, 1, width], device: device).expand(batch, channels, height, width);
        return source.gather(3, columnIndex);
    }

    /// <summary>Derives a generator seed from the loader's seed, an epoch and a batch (−1 for the epoch's order), with SplitMix64 steps.</summary>
    private static int DeriveSeed(int seed, int epoch, int batch)
    {
        var state = Mix((uint)seed + 0x9E3779B97F4A7C15UL);
        state = Mix(state ^ (uint)epoch);
        state = Mix(state ^ (uint)batch);
        return (int)(state >> 33);
    }

    private static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
