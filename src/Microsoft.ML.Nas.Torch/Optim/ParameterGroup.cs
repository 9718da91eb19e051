namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>
/// One group of parameters handed to an optimizer, with optional overrides of the optimizer's defaults, as a
/// PyTorch parameter-group dict (<c>{"params": [...], "lr": 0.01, "weight_decay": 0}</c>).
/// </summary>
/// <remarks>
/// Typical use is to exempt biases and normalisation parameters from weight decay; see
/// <see cref="ParameterGroups.WithoutDecayOnNormAndBias"/>.
/// </remarks>
public sealed record ParameterGroup
{
    /// <summary>Initializes a group of parameters that uses the optimizer's defaults.</summary>
    /// <param name="parameters">The parameters (the caller's tensors; the optimizer updates them in place).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its tensors is null.</exception>
    public ParameterGroup(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToArray();
        if (Array.IndexOf(list, null) is var index and >= 0)
        {
            throw new ArgumentNullException(nameof(parameters), $"Parameter {index} of the group is null.");
        }

        Parameters = list;
    }

    /// <summary>Gets the group's parameters.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Gets the group's learning rate; <see langword="null"/> (default) takes the optimizer's.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Gets the group's weight decay; <see langword="null"/> (default) takes the optimizer's.</summary>
    public double? WeightDecay { get; init; }
}
