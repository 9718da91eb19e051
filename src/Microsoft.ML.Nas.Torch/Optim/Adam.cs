namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Adam with optional L2 weight decay and AMSGrad (<c>torch.optim.Adam</c>).</summary>
/// <remarks>
/// <para>
/// "Adam: A Method for Stochastic Optimization" (Kingma and Ba, 2015, https://arxiv.org/abs/1412.6980); AMSGrad from
/// "On the Convergence of Adam and Beyond" (Reddi, Kale and Kumar, 2018, https://openreview.net/forum?id=ryQu7f-RZ).
/// Update of each parameter p with gradient g at step t (libtorch's <c>torch::optim::Adam</c>, PyTorch's numerics):
/// <code>
/// g ← g + weightDecay·p                      (L2 penalty coupled to the gradient; see AdamW for decoupled decay)
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
/// v̂ ← max(v̂, v) (AMSGrad), else v̂ ← v
/// p ← p − lr/(1 − β1ᵗ) · m / (√v̂ / √(1 − β2ᵗ) + ε)
/// </code>
/// </para>
/// </remarks>
public sealed class Adam : Optimizer
{
    /// <summary>Initializes Adam over one group of parameters.</summary>
    /// <param name="parameters">The parameters to update, typically <c>module.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate; 1e-3 by default.</param>
    /// <param name="beta1">The decay of the first moment estimate, in [0, 1); 0.9 by default.</param>
    /// <param name="beta2">The decay of the second moment estimate, in [0, 1); 0.999 by default.</param>
    /// <param name="epsilon">The term added to the denominator for stability; 1e-8 by default.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient; 0 by default.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant; off by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter listed twice or disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the exception).</exception>
    public Adam(
        IEnumerable<Tensor> parameters,
        double learningRate = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 0,
        bool amsgrad = false)
        : this([new ParameterGroup(parameters)], learningRate, beta1, beta2, epsilon, weightDecay, amsgrad)
    {
    }

    /// <summary>Initializes Adam over parameter groups; the arguments are the defaults of groups that do not override them.</summary>
    /// <param name="groups">The parameter groups (see <see cref="ParameterGroups"/>).</param>
    /// <param name="learningRate">The default learning rate; 1e-3 by default.</param>
    /// <param name="beta1">The decay of the first moment estimate, in [0, 1); 0.9 by default.</param>
    /// <param name="beta2">The decay of the second moment estimate, in [0, 1); 0.999 by default.</param>
    /// <param name="epsilon">The term added to the denominator for stability; 1e-8 by default.</param>
    /// <param name="weightDecay">The default L2 penalty added to the gradient; 0 by default.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant; off by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter listed twice or disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the exception).</exception>
    public Adam(
        IEnumerable<ParameterGroup> groups,
        double learningRate = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 0,
        bool amsgrad = false)
        : base(groups, learningRate, weightDecay, AdamFamily.Factory(beta1, beta2, epsilon, amsgrad, decoupled: false))
    {
        Beta2 = beta2;
        Epsilon = epsilon;
        Amsgrad = amsgrad;
    }

    /// <summary>Gets the decay of the second moment estimate.</summary>
    /// <remarks>beta1 is per group and may be cycled: see <see cref="OptimizerParameterGroup.Momentum"/>.</remarks>
    public double Beta2 { get; }

    /// <summary>Gets the term added to the denominator for stability.</summary>
    public double Epsilon { get; }

    /// <summary>Gets a value indicating whether the AMSGrad variant is used.</summary>
    public bool Amsgrad { get; }
}
