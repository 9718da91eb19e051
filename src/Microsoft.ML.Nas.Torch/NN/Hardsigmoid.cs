namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise ReLU6(x + 3) / 6, as <c>torch.nn.Hardsigmoid</c>; no parameters.</summary>
public sealed class Hardsigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Hardsigmoid(input);
}
