namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>How GELU is computed.</summary>
public enum GeluApproximation
{
    /// <summary>Exact: x · Φ(x) with the Gaussian error function.</summary>
    None = 0,

    /// <summary>The tanh approximation 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).</summary>
    Tanh = 1,
}
