using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay (<c>torch.optim.SGD</c>).</summary>
/// <remarks>
/// <para>
/// Update of each parameter p with gradient g, per step (libtorch's <c>torch::optim::SGD</c>, PyTorch's numerics):
/// <code>
/// g ← g + weightDecay·p
/// b ← g (first step), else b ← momentum·b + (1 − dampening)·g     (only when momentum ≠ 0)
/// g ← g + momentum·b (Nesterov), else g ← b
/// p ← p − lr·g
/// </code>
/// </para>
/// <para>
/// Nesterov momentum in this form follows "On the importance of initialization and momentum in deep learning"
/// (Sutskever, Martens, Dahl and Hinton, 2013, https://proceedings.mlr.press/v28/sutskever13.html).
/// </para>
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Initializes SGD over one group of parameters.</summary>
    /// <param name="parameters">The parameters to update, typically <c>module.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate; finite and not negative.</param>
    /// <param name="momentum">The momentum factor; 0 (default) for plain SGD.</param>
    /// <param name="dampening">The dampening of the momentum; 0 by default.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (needs momentum &gt; 0 and dampening 0); off by default.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient; 0 by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter listed twice or disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the exception).</exception>
    public Sgd(
        IEnumerable<Tensor> parameters,
        double learningRate,
        double momentum = 0,
        double dampening = 0,
        bool nesterov = false,
        double weightDecay = 0)
        : this([new ParameterGroup(parameters)], learningRate, momentum, dampening, nesterov, weightDecay)
    {
    }

    /// <summary>Initializes SGD over parameter groups; the arguments are the defaults of groups that do not override them.</summary>
    /// <param name="groups">The parameter groups (see <see cref="ParameterGroups"/>).</param>
    /// <param name="learningRate">The default learning rate; finite and not negative.</param>
    /// <param name="momentum">The momentum factor of every group; 0 (default) for plain SGD.</param>
    /// <param name="dampening">The dampening of the momentum; 0 by default.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (needs momentum &gt; 0 and dampening 0); off by default.</param>
    /// <param name="weightDecay">The default L2 penalty added to the gradient; 0 by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter listed twice or disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the exception).</exception>
    public Sgd(
        IEnumerable<ParameterGroup> groups,
        double learningRate,
        double momentum = 0,
        double dampening = 0,
        bool nesterov = false,
        double weightDecay = 0)
        : base(groups, learningRate, weightDecay, Factory(momentum, dampening, nesterov))
    {
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>Gets the dampening of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>Gets a value indicating whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    private static Func<NativeGroups, IntPtr> Factory(double momentum, double dampening, bool nesterov)
    {
        OptimizerValidation.FiniteNotNegative(momentum, nameof(momentum));
        if (!double.IsFinite(dampening))
        {
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "dampening must be a finite number.");
        }

        if (nesterov && momentum == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Nesterov momentum requires a momentum > 0.");
        }

        if (nesterov && dampening != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "Nesterov momentum requires zero dampening.");
        }

        return groups => Create(groups, momentum, dampening, nesterov);
    }

    private static unsafe IntPtr Create(NativeGroups groups, double momentum, double dampening, bool nesterov)
    {
        var momenta = groups.PerGroup(momentum);
        var dampenings = groups.PerGroup(dampening);
        var nesterovs = groups.PerGroup(nesterov ? 1 : 0);
        fixed (IntPtr* handles = groups.Handles)
        fixed (long* sizes = groups.Sizes)
        fixed (double* learningRates = groups.LearningRates)
        fixed (double* momentumPointer = momenta)
        fixed (double* dampeningPointer = dampenings)
        fixed (double* weightDecays = groups.WeightDecays)
        fixed (int* nesterovPointer = nesterovs)
        {
            return NativeMethods.OptimSgdCreate(
                handles, sizes, groups.Count, learningRates, momentumPointer, dampeningPointer, weightDecays, nesterovPointer);
        }
    }
}
