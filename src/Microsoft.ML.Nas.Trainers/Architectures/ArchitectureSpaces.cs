using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Architectures.UserModules;
using static TorchSharp.torch;

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

    /// <summary>
    /// A space whose candidates are whole user-written TorchSharp networks: <paramref name="factory"/> builds the network
    /// of a parameter of <paramref name="space"/>; NasML traces it for its output shape and costs (see <see cref="ModuleNode"/>).
    /// </summary>
    /// <param name="name">The space's name, also the network's module name in descriptions; not empty.</param>
    /// <param name="space">The decisions.</param>
    /// <param name="factory">Builds a freshly initialised network for a parameter, a per-sample input shape and an output count; it must map <c>[N, ...input]</c> to <c>[N, outputs]</c>.</param>
    /// <param name="minimalCandidates">Parameters that together reach the smallest value of every cost, or <see langword="null"/> (the default) to enumerate them (see <see cref="FactoryArchitectureSpace"/>).</param>
    /// <returns>The space; its <see cref="FactoryArchitectureSpace.Factories"/> read back descriptions and models of it.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a minimal candidate is not in the space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public static FactoryArchitectureSpace FromFactory(
        string name, SearchSpace space, Func<Parameter, InputShape, int, nn.Module<Tensor, Tensor>> factory, IReadOnlyList<Parameter>? minimalCandidates = null) =>
        new(name, space, factory, minimalCandidates);

    /// <summary>Starts a space composed from <see cref="Layers"/> templates (add them with a collection initializer).</summary>
    /// <param name="name">A short name for messages and leaderboards.</param>
    /// <returns>The empty space.</returns>
    public static ComposedArchitectureSpace Compose(string name = "composed") => new(name);
}
