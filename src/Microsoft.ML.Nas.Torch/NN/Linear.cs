using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Fully connected layer y = x Wᵀ + b, as <c>torch.nn.Linear</c>: parameters <c>weight</c> [out, in] and (optionally)
/// <c>bias</c> [out], initialised as PyTorch does (Kaiming uniform with a = √5, bias U(−1/√in, 1/√in)).
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Initializes a fully connected layer.</summary>
    /// <param name="inFeatures">The size of each input sample (at least 1).</param>
    /// <param name="outFeatures">The size of each output sample (at least 1).</param>
    /// <param name="bias">Whether to learn an additive bias; <see langword="true"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A feature count below 1.</exception>
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;

        var weight = Tensor.Empty([outFeatures, inFeatures]);
        Init.KaimingUniform(weight, a: Math.Sqrt(5.0));
        RegisterParameter("weight", weight);
        Weight = weight;
        if (bias)
        {
            var biasTensor = Tensor.Empty([outFeatures]);
            Init.DefaultBias(biasTensor, weight);
            RegisterParameter("bias", biasTensor);
            Bias = biasTensor;
        }
        else
        {
            RegisterParameter("bias", null);
        }
    }

    /// <summary>Gets the size of each input sample.</summary>
    public long InFeatures { get; }

    /// <summary>Gets the size of each output sample.</summary>
    public long OutFeatures { get; }

    /// <summary>Gets the weight parameter [out, in] (owned by the module).</summary>
    public Tensor Weight { get; }

    /// <summary>Gets the bias parameter [out], or <see langword="null"/> without bias (owned by the module).</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraDescription() =>
        string.Create(CultureInfo.InvariantCulture, $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}");
}
