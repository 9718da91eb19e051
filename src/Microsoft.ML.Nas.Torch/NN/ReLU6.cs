namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise min(max(0, x), 6), as <c>torch.nn.ReLU6</c>; no parameters.</summary>
public sealed class ReLU6 : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.ReLU6(input);
}
