namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise x · ReLU6(x + 3) / 6, as <c>torch.nn.Hardswish</c>; no parameters.</summary>
public sealed class Hardswish : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Hardswish(input);
}
