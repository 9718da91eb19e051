namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>How a loss reduces its per-element values to the returned tensor.</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss value per element (per sample for classification losses).</summary>
    None = 0,

    /// <summary>The mean of the per-element values (the weighted mean when class weights are given).</summary>
    Mean = 1,

    /// <summary>The sum of the per-element values.</summary>
    Sum = 2,

    /// <summary>
    /// The sum divided by the size of the first (batch) dimension: PyTorch's <c>reduction="batchmean"</c>, the
    /// mathematically correct reduction of the KL divergence.
    /// </summary>
    BatchMean = 3,
}
