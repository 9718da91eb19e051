using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Batch normalisation over the channels of a [N, C] or [N, C, L] input, as <c>torch.nn.BatchNorm1d</c> (see
/// <see cref="BatchNorm"/> for the update rule, parameters and buffers).
/// </summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="numFeatures">The number of channels C (at least 1).</param>
    /// <param name="eps">Added to the variance for stability; 1e-5 by default.</param>
    /// <param name="momentum">The running statistics' update factor in [0, 1]; 0.1 by default, <see langword="null"/> for a cumulative average.</param>
    /// <param name="affine">Whether to learn γ and β; <see langword="true"/> by default.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics for evaluation mode; <see langword="true"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range.</exception>
    public BatchNorm1d(
        long numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    /// <inheritdoc/>
    protected override void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dimensions = input.Dimensions;
        if (dimensions is not (2 or 3))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"expected 2D or 3D input (got {dimensions}D input)"), nameof(input));
        }
    }
}
