namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>The nonlinearity that follows a layer, which sets the initialisers' gain (see <see cref="Init.CalculateGain"/>).</summary>
public enum Nonlinearity
{
    /// <summary>None (linear, convolution or identity): gain 1. Sigmoid has gain 1 too.</summary>
    Linear = 0,

    /// <summary>Logistic sigmoid: gain 1.</summary>
    Sigmoid = 1,

    /// <summary>Hyperbolic tangent: gain 5/3.</summary>
    Tanh = 2,

    /// <summary>ReLU: gain √2.</summary>
    ReLU = 3,

    /// <summary>Leaky ReLU with negative slope a: gain √(2 / (1 + a²)).</summary>
    LeakyReLU = 4,

    /// <summary>SELU: gain 3/4.</summary>
    Selu = 5,
}
