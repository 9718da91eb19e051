using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>Runs one step of a forward pass and releases the step's input when the block created it.</summary>
internal static class ForwardChain
{
    /// <summary>Returns <paramref name="step"/>(<paramref name="current"/>), disposing <paramref name="current"/> afterwards if <paramref name="ownsCurrent"/>.</summary>
    public static Tensor Next(Tensor current, bool ownsCurrent, Func<Tensor, Tensor> step)
    {
        try
        {
            return step(current);
        }
        finally
        {
            if (ownsCurrent)
            {
                current.Dispose();
            }
        }
    }
}
