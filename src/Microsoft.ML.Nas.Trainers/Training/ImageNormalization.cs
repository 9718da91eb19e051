using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// Per-channel image normalization fitted on training images: a raw pixel p (0–255) of channel c becomes
/// <c>(p · PixelScale − Mean[c]) / StandardDeviation[c]</c>, as torchvision's <c>ToTensor</c> then <c>Normalize</c>.
/// Kept with a trained model so that prediction accepts raw pixels.
/// </summary>
public sealed class ImageNormalization
{
    /// <summary>The default pixel scale, 1/255: raw bytes become values in [0, 1] before normalization.</summary>
    public const double DefaultPixelScale = 1.0 / 255.0;

    private readonly double[] _mean;
    private readonly double[] _standardDeviation;

    /// <summary>Initializes a normalization from known constants.</summary>
    /// <param name="mean">The mean of each channel, in scaled units (after multiplying by <paramref name="pixelScale"/>); finite.</param>
    /// <param name="standardDeviation">The standard deviation of each channel, in scaled units; positive and finite.</param>
    /// <param name="pixelScale">The factor applied to raw pixels first; positive; <see cref="DefaultPixelScale"/> by default.</param>
    /// <exception cref="ArgumentNullException">An array is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The arrays are empty or differ in length, or a value is out of range.</exception>
    public ImageNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> standardDeviation, double pixelScale = DefaultPixelScale)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Count == 0 || mean.Count != standardDeviation.Count)
        {
            throw new ArgumentException(
                $"One mean and one standard deviation per channel: got {mean.Count} means and {standardDeviation.Count} standard deviations.",
                nameof(standardDeviation));
        }

        for (var channel = 0; channel < mean.Count; channel++)
        {
            if (!double.IsFinite(mean[channel]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The mean of channel {channel} ({mean[channel]}) is not finite."), nameof(mean));
            }

            if (!double.IsFinite(standardDeviation[channel]) || standardDeviation[channel] <= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The standard deviation of channel {channel} ({standardDeviation[channel]}) must be positive and finite."),
                    nameof(standardDeviation));
            }
        }

        if (!double.IsFinite(pixelScale) || pixelScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pixelScale), pixelScale, "The pixel scale must be positive and finite.");
        }

        _mean = [.. mean];
        _standardDeviation = [.. standardDeviation];
        PixelScale = pixelScale;
    }

    /// <summary>Gets the number of channels.</summary>
    public int Channels => _mean.Length;

    /// <summary>Gets the mean of each channel, in scaled units.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Gets the standard deviation of each channel, in scaled units.</summary>
    public IReadOnlyList<double> StandardDeviation => _standardDeviation;

    /// <summary>Gets the factor applied to raw pixels before normalization.</summary>
    public double PixelScale { get; }

    /// <summary>
    /// Fits the mean and standard deviation (population, over all pixels of the chosen images) of single-channel IDX
    /// images; a constant image set gets a standard deviation of 1.
    /// </summary>
    /// <param name="images">The images.</param>
    /// <param name="rows">The images to fit on (for example the training part of a split), or <see langword="null"/> for all.</param>
    /// <returns>The normalization.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no images to fit on, or a row is out of range.</exception>
    public static ImageNormalization Fit(IdxImages images, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var count = rows?.Count ?? images.Count;
        if (count == 0)
        {
            throw new ArgumentException("Fitting a normalization needs at least one image.", rows is null ? nameof(images) : nameof(rows));
        }

        var size = images.Height * images.Width;
        long sum = 0;
        long sumOfSquares = 0;
        for (var i = 0; i < count; i++)
        {
            var row = rows is null ? i : rows[i];
            if ((uint)row >= (uint)images.Count)
            {
                throw new ArgumentException($"Row {row} is outside the {images.Count} images.", nameof(rows));
            }

            foreach (var pixel in images.Pixels.AsSpan(row * size, size))
            {
                sum += pixel;
                sumOfSquares += pixel * pixel;
            }
        }

        // Exact integer sums, so the variance has no cancellation error.
        var n = (double)count * size;
        var mean = sum / n;
        var variance = Math.Max(0, (sumOfSquares / n) - (mean * mean));
        var deviation = variance > 0 ? Math.Sqrt(variance) : 255;
        return new ImageNormalization([mean * DefaultPixelScale], [deviation * DefaultPixelScale]);
    }

    /// <summary>Gets the normalized value of a raw 0 (black) pixel of a channel: what padding fills in.</summary>
    internal double NormalizedZero(int channel) => -_mean[channel] / _standardDeviation[channel];

    /// <summary>Normalizes raw pixels [N, C, H, W] (any dtype) into a new float32 tensor.</summary>
    internal Tensor Apply(Tensor raw)
    {
        if (raw.dim() != 4 || raw.size(1) != Channels)
        {
            throw new ArgumentException(
                $"Expected raw images [N, {Channels}, H, W], got [{string.Join(", ", raw.shape)}].", nameof(raw));
        }

        using var scope = torch.NewDisposeScope();
        var scale = new float[Channels];
        var shift = new float[Channels];
        for (var channel = 0; channel < Channels; channel++)
        {
            // (p·s − m)/σ = p·(s/σ) − m/σ: one multiply and one subtract per pixel.
            scale[channel] = (float)(PixelScale / _standardDeviation[channel]);
            shift[channel] = (float)(_mean[channel] / _standardDeviation[channel]);
        }

        var scaleTensor = torch.tensor(scale, [1, Channels, 1, 1], device: raw.device);
        var shiftTensor = torch.tensor(shift, [1, Channels, 1, 1], device: raw.device);
        var floats = raw.dtype == ScalarType.Float32 ? raw : raw.to_type(ScalarType.Float32);
        var result = (floats * scaleTensor) - shiftTensor;
        return result.MoveToOuterDisposeScope();
    }
}
