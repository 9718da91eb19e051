namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The block of a <see cref="ResNetSpace"/>; parameters spell it <c>basic</c> or <c>bottleneck</c>.</summary>
public enum ResidualBlockKind
{
    /// <summary>Two 3×3 convolutions (<see cref="Nodes.BasicBlockNode"/>).</summary>
    Basic,

    /// <summary>1×1, 3×3, 1×1 convolutions with a narrower middle (<see cref="Nodes.BottleneckNode"/>).</summary>
    Bottleneck,
}
