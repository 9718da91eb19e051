namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Element-wise Gaussian error linear unit x · Φ(x), as <c>torch.nn.GELU</c>; no parameters.</summary>
/// <param name="approximate">Exact (default) or the tanh approximation.</param>
public sealed class GELU(GeluApproximation approximate = GeluApproximation.None) : Module
{
    /// <summary>Gets how GELU is computed.</summary>
    public GeluApproximation Approximate { get; } = approximate;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.GELU(input, Approximate);

    /// <inheritdoc/>
    protected override string ExtraDescription() =>
        Approximate == GeluApproximation.Tanh ? "approximate='tanh'" : string.Empty;
}
