namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The ranges of a <see cref="ResNetSpace"/>. The defaults are a CIFAR-style three-stage ResNet for small images
/// (28×28 ends at 7×7).
/// </summary>
public sealed class ResNetSpaceOptions
{
    /// <summary>Gets the stem convolution's output channels; 16 by default.</summary>
    public int StemChannels { get; init; } = 16;

    /// <summary>Gets the stem convolution's kernel size (odd); 3 by default.</summary>
    public int StemKernel { get; init; } = 3;

    /// <summary>Gets the stem convolution's stride; 1 by default.</summary>
    public int StemStride { get; init; } = 1;

    /// <summary>Gets each stage's output-width choices; [[16, 24, 32], [32, 48, 64], [64, 96, 128]] by default.</summary>
    public IReadOnlyList<IReadOnlyList<int>> StageWidths { get; init; } = [[16, 24, 32], [32, 48, 64], [64, 96, 128]];

    /// <summary>Gets the stride of each stage's first block; [1, 2, 2] by default.</summary>
    public IReadOnlyList<int> StageStrides { get; init; } = [1, 2, 2];

    /// <summary>Gets the number of blocks a stage may have; [1, 2, 3] by default.</summary>
    public IReadOnlyList<int> DepthChoices { get; init; } = [1, 2, 3];

    /// <summary>Gets the block kinds (one for the whole network); [Basic, Bottleneck] by default.</summary>
    public IReadOnlyList<ResidualBlockKind> BlockKinds { get; init; } = [ResidualBlockKind.Basic, ResidualBlockKind.Bottleneck];

    /// <summary>
    /// Gets the ratio of a bottleneck's output width to its middle width (middle = max(1, width / ratio)); 4 by default,
    /// as torchvision's ResNet-50.
    /// </summary>
    public int BottleneckRatio { get; init; } = 4;

    /// <summary>Gets the dropout probability before the classifier; 0 by default.</summary>
    public double Dropout { get; init; }
}
