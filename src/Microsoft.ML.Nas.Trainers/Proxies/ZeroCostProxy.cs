namespace Microsoft.ML.Nas.Trainers.Proxies;

/// <summary>
/// A zero-cost proxy: a score computed from an untrained network and at most one mini-batch (one forward and one
/// backward pass) that is meant to rank architectures by the accuracy they would reach when trained. Higher is better
/// for every proxy here. The definitions follow Abdelfattah et al., "Zero-Cost Proxies for Lightweight NAS" (ICLR 2021)
/// and sum over the weights of convolutions and linear layers (the parameters of two or more dimensions).
/// </summary>
public enum ZeroCostProxy
{
    /// <summary>
    /// grad_norm: Σ ‖∂L/∂W‖₂ over the weights, with L the mini-batch's loss (cross-entropy for classification, mean
    /// squared error for regression).
    /// </summary>
    GradNorm,

    /// <summary>
    /// SNIP (Lee et al., ICLR 2019): Σ |W ⊙ ∂L/∂W| over the weights, the loss's first-order sensitivity to removing each
    /// weight.
    /// </summary>
    Snip,

    /// <summary>
    /// SynFlow (Tanaka et al., NeurIPS 2020): Σ |W ⊙ ∂R/∂W| over the weights, where every parameter is replaced by its
    /// absolute value, the network runs in double precision and in evaluation mode, and R is the sum of its outputs for
    /// one all-ones input. It needs no data and no labels, only the input shape.
    /// </summary>
    SynFlow,
}
