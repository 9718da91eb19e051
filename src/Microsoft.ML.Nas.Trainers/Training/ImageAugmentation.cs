namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// Per-batch image augmentation applied to training batches only: a random crop of the image padded on every side
/// (the shift augmentation of CIFAR training), then a random horizontal flip with probability ½.
/// </summary>
/// <remarks>
/// Padding uses the value of a black pixel (raw 0) after normalization, as torchvision's <c>RandomCrop(padding=p)</c>
/// before <c>Normalize</c>. Offsets are drawn uniformly from [0, 2p] in each direction from a generator seeded by the
/// trainer's seed, the epoch and the batch index, so augmentation is reproducible.
/// </remarks>
public sealed record ImageAugmentation
{
    /// <summary>The default padding in pixels: 2 (a shift of up to 2 pixels, suited to 28 × 28 images).</summary>
    public const int DefaultCropPadding = 2;

    /// <summary>Gets the standard augmentation: <see cref="DefaultCropPadding"/> pixels of padding and horizontal flips.</summary>
    public static ImageAugmentation Standard { get; } = new();

    /// <summary>
    /// Gets the padding on each side before the random crop back to the original size; 0 disables cropping.
    /// <see cref="DefaultCropPadding"/> by default.
    /// </summary>
    public int CropPadding { get; init; } = DefaultCropPadding;

    /// <summary>Gets a value indicating whether images are mirrored left–right with probability ½; <see langword="true"/> by default.</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Throws if a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CropPadding"/> is negative.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNegative(CropPadding, nameof(CropPadding));
}
