using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

/// <summary>
/// The training tests compare the process-wide live-tensor count and set libtorch's global seed and thread count, so
/// they run one at a time and after every parallel test of the assembly.
/// </summary>
[CollectionDefinition(CollectionName, DisableParallelization = true)]
public sealed class TorchTests
{
    public const string CollectionName = "Training (torch, not parallel)";

    /// <summary>Gets the number of TorchSharp tensors (parameters included) created and not yet disposed on this thread.</summary>
    public static long LiveTensors => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
}
