namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise max(0, x), as <c>torch.nn.ReLU</c>; no parameters.</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.ReLU(input);
}
