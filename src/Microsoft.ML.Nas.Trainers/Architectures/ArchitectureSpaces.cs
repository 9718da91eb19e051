using Microsoft.ML.Nas.Trainers.Architectures.Composition;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The bundled architecture spaces, for example <c>ArchitectureSpaces.MobileNet()</c>; see docs/architecture-spaces.md.
/// </summary>
public static class ArchitectureSpaces
{
    /// <summary>A MobileNet-style macro space of inverted residual blocks (ProxylessNAS, FBNet, Once-for-All).</summary>
    /// <param name="options">The ranges; defaults for small images when <see langword="null"/>.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static MobileNetSpace MobileNet(MobileNetSpaceOptions? options = null) => new(options);

    /// <summary>A ResNet-style space: depth and width per stage, basic or bottleneck blocks.</summary>
    /// <param name="options">The ranges; a three-stage CIFAR-style ResNet when <see langword="null"/>.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ResNetSpace ResNet(ResNetSpaceOptions? options = null) => new(options);

    /// <summary>A feed-forward space for tables (TabNAS): layer count and widths, activation, dropout, normalisation, residuals.</summary>
    /// <param name="options">The ranges; the defaults when <see langword="null"/>.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static MlpSpace Mlp(MlpSpaceOptions? options = null) => new(options);

    /// <summary>The NAS-Bench-201 cell space (Dong and Yang, 2020).</summary>
    /// <param name="options">The settings; the benchmark's when <see langword="null"/>.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public static NasBench201Space NasBench201(NasBench201SpaceOptions? options = null) => new(options);

    /// <summary>Starts a space composed from <see cref="Layers"/> templates (add them with a collection initializer).</summary>
    /// <param name="name">A short name for messages and leaderboards.</param>
    /// <returns>The empty space.</returns>
    public static ComposedArchitectureSpace Compose(string name = "composed") => new(name);
}
