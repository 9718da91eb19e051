namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The settings of a <see cref="NasBench201Space"/>; the defaults are the benchmark's (C = 16, N = 5, all five operations).</summary>
public sealed class NasBench201SpaceOptions
{
    /// <summary>Gets the channels of the first stage (the second has twice, the third four times as many); 16 by default.</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Gets the number of cells per stage (N); 5 by default.</summary>
    public int CellsPerStage { get; init; } = 5;

    /// <summary>Gets the operations an edge may choose; all five by default.</summary>
    public IReadOnlyList<NasBench201Operation> Operations { get; init; } =
    [
        NasBench201Operation.None,
        NasBench201Operation.SkipConnect,
        NasBench201Operation.Conv1x1,
        NasBench201Operation.Conv3x3,
        NasBench201Operation.AvgPool3x3,
    ];
}
