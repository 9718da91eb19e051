namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise logistic sigmoid 1 / (1 + e^(−x)), as <c>torch.nn.Sigmoid</c>; no parameters.</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
