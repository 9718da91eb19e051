using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// The shared implementation of <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/>, as PyTorch's
/// <c>_BatchNorm</c>: parameters <c>weight</c> (γ, ones) and <c>bias</c> (β, zeros) when affine; buffers
/// <c>running_mean</c> (zeros), <c>running_var</c> (ones) and <c>num_batches_tracked</c> (int64 scalar) when tracking
/// running statistics.
/// </summary>
/// <remarks>
/// S. Ioffe, C. Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate
/// Shift", ICML 2015, https://arxiv.org/abs/1502.03167. Per channel c: y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c. In
/// training mode μ and σ² are the batch's (biased variance) and the running statistics move towards them:
/// running ← (1 − momentum) · running + momentum · batch, with the unbiased batch variance; with momentum
/// <see langword="null"/> the factor is 1 / num_batches_tracked (a cumulative average). In evaluation mode the running
/// statistics are used; without running statistics the batch's are used in both modes.
/// </remarks>
public abstract class BatchNorm : Module
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="numFeatures">The number of channels C (at least 1).</param>
    /// <param name="eps">Added to the variance for stability (positive).</param>
    /// <param name="momentum">The running statistics' update factor in [0, 1], or <see langword="null"/> for a cumulative average.</param>
    /// <param name="affine">Whether to learn γ and β.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics for evaluation mode.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range.</exception>
    protected BatchNorm(long numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        if (momentum is { } value)
        {
            Functional.RequireProbability(value, nameof(momentum));
        }

        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = Tensor.Ones([numFeatures]);
            Bias = Tensor.Zeros([numFeatures]);
        }

        RegisterParameter("weight", Weight);
        RegisterParameter("bias", Bias);
        if (trackRunningStats)
        {
            RunningMean = Tensor.Zeros([numFeatures]);
            RunningVar = Tensor.Ones([numFeatures]);
            NumBatchesTracked = Tensor.Zeros([], ScalarType.Int64);
        }

        RegisterBuffer("running_mean", RunningMean);
        RegisterBuffer("running_var", RunningVar);
        RegisterBuffer("num_batches_tracked", NumBatchesTracked);
    }

    /// <summary>Gets the number of channels.</summary>
    public long NumFeatures { get; }

    /// <summary>Gets the value added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Gets the update factor of the running statistics, or <see langword="null"/> for a cumulative average.</summary>
    public double? Momentum { get; }

    /// <summary>Gets γ [C], or <see langword="null"/> when not affine (owned by the module).</summary>
    public Tensor? Weight { get; }

    /// <summary>Gets β [C], or <see langword="null"/> when not affine (owned by the module).</summary>
    public Tensor? Bias { get; }

    /// <summary>Gets the running mean [C], or <see langword="null"/> without running statistics (owned by the module).</summary>
    public Tensor? RunningMean { get; }

    /// <summary>Gets the running variance [C], or <see langword="null"/> without running statistics (owned by the module).</summary>
    public Tensor? RunningVar { get; }

    /// <summary>Gets the number of training batches seen (int64 scalar), or <see langword="null"/> without running statistics.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input has the wrong number of dimensions.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        var useBatchStatistics = IsTraining || RunningMean is null;
        return Functional.BatchNorm(
            input, RunningMean, RunningVar, Weight, Bias, NumBatchesTracked, useBatchStatistics, Momentum, Eps);
    }

    /// <summary>Throws <see cref="ArgumentException"/> if the layer does not accept the input's number of dimensions.</summary>
    /// <param name="input">The input.</param>
    protected abstract void CheckInput(Tensor input);

    /// <inheritdoc/>
    protected override string ExtraDescription() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{NumFeatures}, eps={Eps:R}, momentum={(Momentum is { } m ? m.ToString("R", CultureInfo.InvariantCulture) : "None")}, affine={(Weight is null ? "False" : "True")}, track_running_stats={(RunningMean is null ? "False" : "True")}");
}
