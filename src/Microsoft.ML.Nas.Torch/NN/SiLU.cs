namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise x · σ(x) (swish), as <c>torch.nn.SiLU</c>; no parameters.</summary>
public sealed class SiLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.SiLU(input);
}
