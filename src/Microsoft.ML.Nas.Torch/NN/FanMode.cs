namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>Which fan the Kaiming initialisers preserve the variance of.</summary>
public enum FanMode
{
    /// <summary>The number of inputs per output: preserves the variance of activations in the forward pass.</summary>
    FanIn = 0,

    /// <summary>The number of outputs per input: preserves the variance of gradients in the backward pass.</summary>
    FanOut = 1,
}
