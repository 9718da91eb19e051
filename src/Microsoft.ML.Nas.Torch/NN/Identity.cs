namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Passes its input through, as <c>torch.nn.Identity</c> (a placeholder for a skipped operation in a search space). The
/// output is a new handle to the same tensor, so the caller owns and disposes it like any other output.
/// </summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Alias(input);
    }
}
