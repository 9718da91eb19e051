using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Costs;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

/// <summary>Tiny networks, spaces and measurement settings that keep the latency tests fast.</summary>
internal static class LatencyTestNetworks
{
    public static readonly InputShape Input = InputShape.Image(1, 12, 12);

    public const int Outputs = 3;

    public static MeasuredLatencyOptions TinyMeasurement { get; } = new() { WarmupRuns = 1, MeasuredRuns = 3 };

    public static LatencyTableOptions TinyTable { get; } = new()
    {
        Measurement = TinyMeasurement,
        Patience = 30,
        CalibrationNetworks = 2,
        TimeProvider = new FixedTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero)),
    };

    /// <summary>A MobileNet space with two small stages and two values per decision (a few dozen latency keys).</summary>
    public static MobileNetSpace TinyMobileNet() => new(new MobileNetSpaceOptions
    {
        StemChannels = 8,
        StageChannels = [8, 16],
        StageStrides = [2, 2],
        DepthChoices = [1, 2],
        KernelChoices = [3, 5],
        ExpansionChoices = [1, 3],
        SqueezeExciteChoices = [false, true],
        ActivationChoices = [Activation.ReLU, Activation.Hardswish],
        WidthMultipliers = [1.0],
        HeadChannels = 0,
        DropoutChoices = [0.0, 0.2],
    });

    /// <summary>A tiny configuration of a bundled space (by <see cref="IArchitectureSpace.Name"/>-like key) and an input it accepts.</summary>
    public static (IArchitectureSpace Space, InputShape Input) TinySpace(string name) => name switch
    {
        "mobilenet" => (TinyMobileNet(), Input),
        "resnet" => (ArchitectureSpaces.ResNet(new ResNetSpaceOptions
        {
            StemChannels = 8,
            StageWidths = [[8, 16], [16, 24]],
            StageStrides = [1, 2],
            DepthChoices = [1, 2],
        }), Input),
        "mlp" => (ArchitectureSpaces.Mlp(new MlpSpaceOptions
        {
            LayerCounts = [1, 2],
            WidthChoices = [8, 16],
            ActivationChoices = [Activation.ReLU, Activation.GELU],
            DropoutChoices = [0.0, 0.1],
        }), InputShape.Vector(6)),
        "nasbench201" => (ArchitectureSpaces.NasBench201(new NasBench201SpaceOptions
        {
            Channels = 4,
            CellsPerStage = 1,
            Operations = [NasBench201Operation.SkipConnect, NasBench201Operation.Conv1x1],
        }), InputShape.Image(1, 8, 8)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown bundled space."),
    };

    /// <summary>stem conv 1→8, then <paramref name="extraBlocks"/> 8→8 convolutions, then the classifier.</summary>
    public static NetworkDescription Convolutions(int extraBlocks, int kernel = 3)
    {
        var nodes = new List<NetworkNode> { new ConvBnActNode(Input, 8, 3) };
        for (var block = 0; block < extraBlocks; block++)
        {
            nodes.Add(new ConvBnActNode(nodes[^1].Output, 8, kernel));
        }

        nodes.Add(new ClassifierNode(nodes[^1].Output, Outputs));
        return new NetworkDescription(Input, nodes);
    }

    /// <summary>A clock that always reads the same instant.</summary>
    public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
