using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;

namespace NasML.Benchmarks.Baselines;

/// <summary>
/// MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018,
/// https://arxiv.org/abs/1801.04381) at a width multiplier, with torchvision's channel rounding and its stride plan
/// adapted to 28×28 inputs.
/// </summary>
/// <remarks>
/// <para>
/// Blocks (expansion t, channels c, repeats n, stride s) as torchvision's <c>mobilenet_v2</c>: stem 3×3 32;
/// (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1); 1×1 head
/// 1280 (not scaled below width 1); dropout 0.2; linear. ReLU6 everywhere, linear projections, identity shortcuts
/// where stride and width allow. Channels are c·width rounded by torchvision's <c>_make_divisible(v, 8)</c>: at 0.35
/// the stem has 16 and the stages 8, 8, 16, 24, 32, 56, 112 channels.
/// </para>
/// <para>
/// Adaptation to 28×28: the ImageNet plan has total stride 32 (224 → 7). As the usual CIFAR adaptation (kuangliu's
/// pytorch-cifar MobileNetV2), the stem and the 24-channel stage use stride 1, leaving total stride 8: 28 → 28 (stem,
/// 16, 24) → 14 (32) → 7 (64, 96) → 4 (160, 320), a final map of 4×4 as the ImageNet network's 7×7 is to 224.
/// About 0.41 M parameters and 12.8 M MACs at width 0.35.
/// </para>
/// </remarks>
internal static class MobileNetV2Baseline
{
    private static readonly (int Expansion, int Channels, int Repeats, int Stride)[] s_blocks =
        [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];

    public static BaselineNetwork Create(double width = 0.35)
    {
        var relu6 = (ValueChoice<Activation>)Activation.ReLU6;
        var space = new ComposedArchitectureSpace("mobilenetv2")
        {
            Layers.ConvBnAct(MakeDivisible(32 * width), activation: relu6),
        };
        foreach (var (expansion, channels, repeats, stride) in s_blocks)
        {
            space.Add(Layers.Repeat([repeats], Layers.InvertedResidual(MakeDivisible(channels * width), expansion: expansion, stride: stride, activation: relu6)));
        }

        space.Add(Layers.ConvBnAct(MakeDivisible(1280 * Math.Max(1.0, width)), kernel: 1, activation: relu6));
        space.Add(Layers.Classifier(dropout: 0.2));
        return new BaselineNetwork(
            FormattableString.Invariant($"MobileNetV2 {width:0.##}"),
            "torchvision mobilenet_v2 at this width; strides of the stem and the 24-channel stage 1 instead of 2 (total stride 8: 28 -> 4x4), as the CIFAR adaptation",
            space);
    }

    /// <summary>torchvision's <c>_make_divisible(v, 8)</c>: the nearest multiple of 8, at least 8, and not more than 10% below <paramref name="value"/>.</summary>
    private static int MakeDivisible(double value)
    {
        const int Divisor = 8;
        var rounded = Math.Max(Divisor, (int)(value + (Divisor / 2.0)) / Divisor * Divisor);
        return rounded < 0.9 * value ? rounded + Divisor : rounded;
    }
}
