using System.Diagnostics;

namespace Microsoft.ML.Nas.Trainers.Architectures.Nodes;

/// <summary>
/// Follows the live activation tensors (in elements) while a node runs, to find the node's peak; see
/// <see cref="NetworkNode.PeakMemoryBytes"/> for the accounting rules.
/// </summary>
internal sealed class MemoryTrace
{
    /// <summary>Starts a trace with the node's input alive.</summary>
    public MemoryTrace(long inputElements)
    {
        Live = inputElements;
        Peak = inputElements;
    }

    /// <summary>Gets the elements alive now.</summary>
    public long Live { get; private set; }

    /// <summary>Gets the largest number of elements alive at once so far.</summary>
    public long Peak { get; private set; }

    /// <summary>A new tensor is written while everything alive stays alive.</summary>
    public void Allocate(long elements)
    {
        Live += elements;
        Peak = Math.Max(Peak, Live);
    }

    /// <summary>A tensor's last reader finished.</summary>
    public void Free(long elements)
    {
        Live -= elements;
        Debug.Assert(Live >= 0, "freed more than was allocated");
    }
}
