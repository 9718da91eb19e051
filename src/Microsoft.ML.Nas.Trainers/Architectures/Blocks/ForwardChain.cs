using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>Runs one step of a forward pass and releases the step's input when the block created it.</summary>
/// <remarks>
/// Releasing an intermediate result as soon as the next step has read it keeps a forward pass's memory at what
/// <see cref="Nodes.NetworkNode.PeakMemoryBytes"/> models, and leaves only the output in the caller's dispose scope.
/// Autograd keeps what it saved for the backward pass alive on its own: disposing a handle drops one reference.
/// </remarks>
internal static class ForwardChain
{
    /// <summary>
    /// Returns <paramref name="step"/>(<paramref name="current"/>), disposing <paramref name="current"/> afterwards if
    /// <paramref name="ownsCurrent"/> (and the step did not hand back the same handle).
    /// </summary>
    public static Tensor Next(Tensor current, bool ownsCurrent, Func<Tensor, Tensor> step)
    {
        Tensor? result = null;
        try
        {
            result = step(current);
            return result;
        }
        finally
        {
            if (ownsCurrent && !ReferenceEquals(result, current))
            {
                current.Dispose();
            }
        }
    }
}
