using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

/// <summary>The spaces the architecture tests sample, with the input shapes and output counts they are described for.</summary>
internal static class ArchitectureTestSpaces
{
    /// <summary>Architectures sampled per bundled space for the PyTorch comparison (variants: 12).</summary>
    public const int SamplesPerSpace = 30;

    public static IReadOnlyList<TestSpace> All { get; } =
    [
        new("mobilenet", ArchitectureSpaces.MobileNet(), InputShape.Image(1, 28, 28), 10),
        new("mobilenet_per_block", ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions { PerBlockChoices = true, DepthChoices = [2, 3, 4] }), InputShape.Image(3, 32, 32), 10, 12),
        new("resnet", ArchitectureSpaces.ResNet(), InputShape.Image(1, 28, 28), 10),
        new("mlp", ArchitectureSpaces.Mlp(), InputShape.Vector(20), 3),
        new("nas_bench_201", ArchitectureSpaces.NasBench201(), InputShape.Image(1, 28, 28), 10),
        new("composed", Composed(), InputShape.Image(1, 28, 28), 10, 12),
    ];

    public static TestSpace Get(string name) => All.Single(s => s.Name == name);

    /// <summary>The user-composed space of docs/architecture-spaces.md.</summary>
    public static ComposedArchitectureSpace Composed() => new("tiny-cnn")
    {
        Layers.ConvBnAct(channels: ValueChoice.Of(8, 16), activation: ValueChoice.Of(Activation.ReLU, Activation.Hardswish)),
        {
            "stage1", Layers.Repeat([1, 2], Layers.Choice(
                Layers.InvertedResidual(ValueChoice.Of(16, 24), kernel: ValueChoice.Of(3, 5), expansion: ValueChoice.Of(2, 4), stride: 2, squeezeExcite: ValueChoice.Of(false, true)),
                Layers.BasicBlock(24, stride: 2),
                Layers.Sequence(Layers.ConvBnAct(24, stride: 2), Layers.SqueezeExcite()).WithName("conv_se")))
        },
        { "stage2", Layers.Repeat([1, 2, 3], Layers.InvertedResidual(32, kernel: ValueChoice.Of(3, 5, 7), stride: 2), shareDecisions: false) },
        { "pool", Layers.Choice(Layers.Identity(), Layers.MaxPool(2)) },
        Layers.Classifier(dropout: ValueChoice.Of(0.0, 0.2)),
    };

    /// <summary>
    /// Hand-built networks that reach every node type and the settings the spaces rarely produce: grouped convolutions,
    /// every activation, standalone SE, padded pooling, flatten, residual dense layers, vector batch norm, blocks without
    /// downsampling, NAS-Bench-201 cells and reductions on odd sizes, an all-none cell node.
    /// </summary>
    public static IReadOnlyList<NetworkDescription> Handmade()
    {
        var first = new List<NetworkNode>();
        var shape = InputShape.Image(3, 15, 15);
        void Add(List<NetworkNode> nodes, NetworkNode node)
        {
            nodes.Add(node);
            shape = node.Output;
        }

        Add(first, new ConvBnActNode(shape, 16, 3, 2, 1, Activation.ReLU6));
        Add(first, new ConvBnActNode(shape, 16, 5, 1, 4, Activation.SiLU));
        Add(first, new SqueezeExciteNode(shape, 4));
        Add(first, new PoolNode(shape, PoolKind.Max, 3, 2, 1));
        Add(first, new BasicBlockNode(shape, 16));
        Add(first, new BottleneckNode(shape, 16, 8));
        Add(first, new BatchNormActNode(shape, Activation.GELU));
        Add(first, new PoolNode(shape, PoolKind.Average, 2, 1));
        Add(first, new FlattenNode(shape));
        Add(first, new DenseNode(shape, shape.Channels, Activation.ReLU6, 0.1, Normalization.Batch, residual: true));
        Add(first, new DenseNode(shape, 32, Activation.None));
        Add(first, new BatchNormActNode(shape, Activation.Hardswish));
        Add(first, new ClassifierNode(shape, 5, 0.3));
        var firstDescription = new NetworkDescription(InputShape.Image(3, 15, 15), first);

        var second = new List<NetworkNode>();
        shape = InputShape.Image(2, 7, 7);
        Add(second, new ConvBnActNode(shape, 8, 1, activation: Activation.None));
        Add(second, new NasBench201CellNode(shape, [NasBench201Operation.Conv3x3, NasBench201Operation.None, NasBench201Operation.SkipConnect, NasBench201Operation.AvgPool3x3, NasBench201Operation.None, NasBench201Operation.Conv1x1]));
        Add(second, new NasBench201ReductionNode(shape, 16));
        Add(second, new NasBench201CellNode(shape, [NasBench201Operation.Conv1x1, NasBench201Operation.None, NasBench201Operation.None, NasBench201Operation.SkipConnect, NasBench201Operation.None, NasBench201Operation.AvgPool3x3]));
        Add(second, new InvertedResidualNode(shape, 24, 7, 6, 2, squeezeExcite: true, Activation.Hardswish));
        Add(second, new ClassifierNode(shape, 4));
        return [firstDescription, new NetworkDescription(InputShape.Image(2, 7, 7), second)];
    }

    /// <summary>Samples a parameter from the space's unit cube with a seeded generator.</summary>
    public static Parameter Sample(SearchSpace space, Random random)
    {
        var point = new double[space.FeatureSpaceDimension];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = random.NextDouble();
        }

        return space.SampleFromFeatureSpace(point);
    }

    /// <summary>The seeded parameters of a space used by the golden file (seed 1000 + index).</summary>
    public static IEnumerable<(int Seed, Parameter Parameter)> SeededParameters(TestSpace space, int? count = null) =>
        Enumerable.Range(0, count ?? space.Samples).Select(index =>
        {
            int seed = 1000 + index;
            return (seed, Sample(space.Space.SearchSpace, new Random(seed)));
        });
}

/// <summary>A space with the input shape and output count it is tested with.</summary>
internal sealed record TestSpace(string Name, ArchitectureSpace Space, InputShape Input, int Outputs, int Samples = ArchitectureTestSpaces.SamplesPerSpace);
