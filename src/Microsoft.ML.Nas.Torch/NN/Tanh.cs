namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise hyperbolic tangent, as <c>torch.nn.Tanh</c>; no parameters.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);
}
