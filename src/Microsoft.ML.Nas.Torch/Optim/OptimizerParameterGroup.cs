using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>
/// One parameter group of a live <see cref="Optimizer"/>: its parameters and its current options, as an entry of
/// PyTorch's <c>optimizer.param_groups</c>. Setting <see cref="LearningRate"/> takes effect at the next step.
/// </summary>
public sealed class OptimizerParameterGroup
{
    private readonly Optimizer _optimizer;

    internal OptimizerParameterGroup(
        Optimizer optimizer, int index, IReadOnlyList<Tensor> parameters, double learningRate, double weightDecay)
    {
        _optimizer = optimizer;
        Index = index;
        Parameters = parameters;
        InitialLearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>Gets the group's position in <see cref="Optimizer.ParameterGroups"/>.</summary>
    public int Index { get; }

    /// <summary>Gets the group's parameters (the tensors given to the optimizer; they remain the caller's).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// Gets the learning rate the group was created with (PyTorch's <c>initial_lr</c>); learning-rate schedules scale
    /// from it.
    /// </summary>
    public double InitialLearningRate { get; }

    /// <summary>Gets the group's weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Gets or sets the group's current learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On set: the value is negative or not finite.</exception>
    /// <exception cref="ObjectDisposedException">The optimizer was disposed.</exception>
    public double LearningRate
    {
        get
        {
            NativeMethods.Check(NativeMethods.OptimGetLr(_optimizer.Handle, Index, out var value));
            return value;
        }

        set
        {
            OptimizerValidation.FiniteNotNegative(value, nameof(LearningRate));
            NativeMethods.Check(NativeMethods.OptimSetLr(_optimizer.Handle, Index, value));
        }
    }

    /// <summary>
    /// Gets or sets the group's momentum: the momentum factor of <see cref="Sgd"/>, or beta1 (the decay of the first
    /// moment estimate) of <see cref="Adam"/> and <see cref="AdamW"/>. One-cycle schedules cycle it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// On set: negative or not finite, at least 1 for Adam/AdamW, or 0 for a Nesterov SGD.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The optimizer was disposed.</exception>
    public double Momentum
    {
        get
        {
            NativeMethods.Check(NativeMethods.OptimGetMomentum(_optimizer.Handle, Index, out var value));
            return value;
        }

        set
        {
            OptimizerValidation.FiniteNotNegative(value, nameof(Momentum));
            switch (_optimizer)
            {
                case Sgd { Nesterov: true } when value == 0:
                    throw new ArgumentOutOfRangeException(nameof(Momentum), value, "Nesterov momentum requires a momentum > 0.");
                case Adam or AdamW:
                    OptimizerValidation.InUnitInterval(value, nameof(Momentum));
                    break;
            }

            NativeMethods.Check(NativeMethods.OptimSetMomentum(_optimizer.Handle, Index, value));
        }
    }
}
