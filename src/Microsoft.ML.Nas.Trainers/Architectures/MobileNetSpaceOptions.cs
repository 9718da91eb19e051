namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The ranges of a <see cref="MobileNetSpace"/>. The defaults fit small images such as 28×28 Fashion-MNIST: a stride-1
/// stem and two stride-2 stages end at 7×7.
/// </summary>
public sealed class MobileNetSpaceOptions
{
    /// <summary>Gets the stem's output channels at width 1.0; 16 by default.</summary>
    public int StemChannels { get; init; } = 16;

    /// <summary>Gets the stem's stride; 1 by default (use 2 for inputs of 96 pixels and more).</summary>
    public int StemStride { get; init; } = 1;

    /// <summary>Gets each stage's output channels at width 1.0; [24, 40, 80, 96] by default (four stages).</summary>
    public IReadOnlyList<int> StageChannels { get; init; } = [24, 40, 80, 96];

    /// <summary>Gets the stride of each stage's first block; [2, 2, 1, 1] by default.</summary>
    public IReadOnlyList<int> StageStrides { get; init; } = [2, 2, 1, 1];

    /// <summary>Gets the number of blocks a stage may have; [1, 2, 3] by default.</summary>
    public IReadOnlyList<int> DepthChoices { get; init; } = [1, 2, 3];

    /// <summary>Gets the depthwise kernel sizes (odd); [3, 5, 7] by default.</summary>
    public IReadOnlyList<int> KernelChoices { get; init; } = [3, 5, 7];

    /// <summary>Gets the expansion ratios; [1, 3, 4, 6] by default.</summary>
    public IReadOnlyList<int> ExpansionChoices { get; init; } = [1, 3, 4, 6];

    /// <summary>Gets whether squeeze-excitation may be off and/or on; [false, true] by default.</summary>
    public IReadOnlyList<bool> SqueezeExciteChoices { get; init; } = [false, true];

    /// <summary>Gets the activations a stage may use; [ReLU, Hardswish] by default.</summary>
    public IReadOnlyList<Activation> ActivationChoices { get; init; } = [Activation.ReLU, Activation.Hardswish];

    /// <summary>Gets the global width multipliers (channels are rounded to multiples of 8); [0.35, 0.5, 0.75, 1.0] by default.</summary>
    public IReadOnlyList<double> WidthMultipliers { get; init; } = [0.35, 0.5, 0.75, 1.0];

    /// <summary>Gets the channels of the 1×1 convolution before pooling at width 1.0, or 0 for none; 256 by default.</summary>
    public int HeadChannels { get; init; } = 256;

    /// <summary>Gets the dropout probabilities before the classifier; [0.0, 0.2] by default.</summary>
    public IReadOnlyList<double> DropoutChoices { get; init; } = [0.0, 0.2];

    /// <summary>
    /// Gets whether kernel, expansion and squeeze-excitation are chosen per block (Once-for-All, ProxylessNAS, FBNet)
    /// instead of per stage (MnasNet's factorised space); <see langword="false"/> by default.
    /// </summary>
    public bool PerBlockChoices { get; init; }
}
