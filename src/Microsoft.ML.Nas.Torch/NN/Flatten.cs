using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Merges a range of dimensions into one, as <c>torch.nn.Flatten</c> (by default all but the batch dimension).</summary>
/// <param name="startDim">The first dimension to merge; 1 by default.</param>
/// <param name="endDim">The last dimension to merge (negative counts from the end); -1 by default.</param>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>Gets the first dimension merged.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Gets the last dimension merged.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Flatten(input, StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraDescription() =>
        string.Create(CultureInfo.InvariantCulture, $"start_dim={StartDim}, end_dim={EndDim}");
}
