using System.Globalization;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Proxies;

/// <summary>
/// Scores architectures with <see cref="ZeroCostProxy"/> proxies before any training: each described network is built
/// with seeded initial weights, scored on one fixed mini-batch drawn (seeded) from the data, and released. Use it to
/// rank or filter many candidates in the time one training epoch takes.
/// </summary>
/// <remarks>
/// The same seed, data and description give the same scores. How well a proxy ranks a space is an empirical question;
/// <c>./build.sh bench zero-cost</c> measures it on Fashion-MNIST against trained accuracy, next to the parameter count
/// and MACs (docs/zero-cost-proxies.md).
/// </remarks>
public sealed class ZeroCostScorer : IDisposable
{
    private readonly TensorDataset _batch;
    private readonly int _seed;
    private readonly torch.Device _device;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="ZeroCostScorer"/> class.</summary>
    /// <param name="data">The data to draw the mini-batch from (the search's training data, never the test set).</param>
    /// <param name="batchSize">The mini-batch size; 64 by default (the reference implementation's), at most the data's size.</param>
    /// <param name="seed">The seed of the mini-batch draw and of every network's initial weights.</param>
    /// <param name="device">Where networks are scored (<c>torch.CPU</c> or a CUDA device); <see langword="null"/> (the default) for the CPU.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1 or above the data's size.</exception>
    public ZeroCostScorer(TensorDataset data, int batchSize = 64, int seed = 0, torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (batchSize > data.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, string.Create(CultureInfo.InvariantCulture, $"The data has {data.Count} samples, fewer than the batch of {batchSize}."));
        }

        var rows = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(rows);
        _device = device ?? torch.CPU;
        var subset = data.Subset([.. rows.Take(batchSize).Order()]);
        if (_device.type == DeviceType.CPU)
        {
            _batch = subset;
        }
        else
        {
            using (subset)
            {
                _batch = subset.To(_device);
            }
        }

        _seed = seed;
    }

    /// <summary>Gets the number of samples in the mini-batch.</summary>
    public int BatchSize => _batch.Count;

    /// <summary>Scores one architecture with one proxy.</summary>
    /// <param name="description">The network; its input shape must be the data's sample shape.</param>
    /// <param name="proxy">The proxy.</param>
    /// <returns>The score; higher is better.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The description's input or outputs do not fit the data.</exception>
    /// <exception cref="ObjectDisposedException">The scorer was disposed.</exception>
    public double Score(NetworkDescription description, ZeroCostProxy proxy) => Score(description, [proxy])[0];

    /// <summary>Scores one architecture with several proxies (one network built for all of them).</summary>
    /// <param name="description">The network; its input shape must be the data's sample shape.</param>
    /// <param name="proxies">The proxies, in the order of the returned scores.</param>
    /// <returns>One score per proxy.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The description's input or outputs do not fit the data.</exception>
    /// <exception cref="ObjectDisposedException">The scorer was disposed.</exception>
    public double[] Score(NetworkDescription description, IReadOnlyList<ZeroCostProxy> proxies)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(proxies);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sampleShape = description.Input.Dimensions.Select(dimension => (long)dimension).ToArray();
        if (!sampleShape.SequenceEqual(_batch.SampleShape))
        {
            throw new ArgumentException(
                $"The network takes samples of [{string.Join(", ", sampleShape)}], the data's samples are [{string.Join(", ", _batch.SampleShape)}].",
                nameof(description));
        }

        var outputs = _batch.Task == TrainingTask.Classification ? _batch.ClassCount : 1;
        if (description.Output.Dimensions is not [var produced] || produced != outputs)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The network's output is [{string.Join(", ", description.Output.Dimensions)}]; the data ({_batch.Task}) needs [{outputs}]."),
                nameof(description));
        }

        torch.manual_seed(_seed);
        using var built = description.Build();
        using var network = _device.type == DeviceType.CPU ? built : built.to(_device);
        return ZeroCostProxies.Score(network, proxies, _batch.Features, _batch.Targets);
    }

    /// <summary>Releases the mini-batch.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _batch.Dispose();
        }
    }
}
