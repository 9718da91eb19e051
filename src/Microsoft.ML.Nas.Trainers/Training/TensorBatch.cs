using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>One mini-batch cut from a <see cref="TensorDataset"/> by <see cref="BatchLoader.GetBatch"/>.</summary>
/// <remarks>
/// The tensors are new: they belong to the TorchSharp dispose scope that was current when the batch was made (the
/// training step's), or to the caller, who disposes them with <see cref="Dispose"/>.
/// </remarks>
public sealed class TensorBatch : IDisposable
{
    internal TensorBatch(Tensor features, Tensor targets, int count)
    {
        Features = features;
        Targets = targets;
        Count = count;
    }

    /// <summary>Gets the features of the batch, float32 <c>[B, ...]</c>.</summary>
    public Tensor Features { get; }

    /// <summary>Gets the targets of the batch: int64 <c>[B]</c> or float32 <c>[B, 1]</c>.</summary>
    public Tensor Targets { get; }

    /// <summary>Gets the number of samples B.</summary>
    public int Count { get; }

    /// <summary>Releases both tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Targets.Dispose();
    }
}
