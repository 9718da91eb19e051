using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Estimates the analytic costs of a candidate before anything is built: the space describes the candidate's network
/// (<see cref="IArchitectureSpace.Describe"/>) and the description counts <see cref="CostNames.Parameters"/> (exact),
/// <see cref="CostNames.Macs"/> (one batch-1 inference) and <see cref="CostNames.PeakMemoryBytes"/> (peak float32
/// activation memory of one batch-1 inference).
/// </summary>
/// <remarks>
/// The conventions are those of <see cref="Architectures.Nodes.NetworkNode"/>: convolutions count
/// k_h·k_w·(c_in/groups)·c_out·h_out·w_out MACs and linear layers in·out, everything else 0; peak memory is the largest
/// set of activations alive at once with batch normalisation folded, activations and residual additions in place, and
/// tensors freed after their last reader. Estimates are deterministic and take well under a millisecond (about 0.2–0.4 ms for the bundled spaces, most of it checking
/// that the parameter belongs to the space).
/// </remarks>
public sealed class AnalyticCostModel : ICostModel
{
    private readonly string? _parameterKey;

    /// <summary>Initializes a new instance of the <see cref="AnalyticCostModel"/> class.</summary>
    /// <param name="space">The architecture space whose parameters are estimated.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs.</param>
    /// <param name="parameterKey">
    /// The key under which the architecture's parameter sits when the tuner's parameter also holds other decisions (for
    /// example a training recipe); <see langword="null"/> (the default) when the whole parameter is the architecture's.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The input does not fit the space, or <paramref name="parameterKey"/> is empty.</exception>
    public AnalyticCostModel(IArchitectureSpace space, InputShape input, int outputs, string? parameterKey = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        if (parameterKey is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(parameterKey);
        }

        space.ValidateInput(input);
        Space = space;
        Input = input;
        Outputs = outputs;
        _parameterKey = parameterKey;
    }

    /// <summary>Gets the architecture space.</summary>
    public IArchitectureSpace Space { get; }

    /// <summary>Gets the per-sample input shape.</summary>
    public InputShape Input { get; }

    /// <summary>Gets the number of outputs.</summary>
    public int Outputs { get; }

    /// <summary>Gets the names of the costs every estimate holds.</summary>
    public static IReadOnlyList<string> CostNamesEstimated { get; } = [CostNames.Parameters, CostNames.Macs, CostNames.PeakMemoryBytes];

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The parameter is not in the space (or lacks <c>parameterKey</c>); the message names the key.</exception>
    public IReadOnlyDictionary<string, double> Estimate(Parameter parameter) => EstimateCosts(parameter).ToDictionary();

    /// <summary>Estimates the costs of a parameter as a typed record.</summary>
    /// <param name="parameter">A parameter proposed by the tuner.</param>
    /// <returns>The costs.</returns>
    /// <exception cref="ArgumentException">The parameter is not in the space (or lacks <c>parameterKey</c>).</exception>
    public AnalyticCosts EstimateCosts(Parameter parameter) => AnalyticCosts.Of(Describe(parameter));

    /// <summary>Describes the network of a parameter (reading it under <c>parameterKey</c> when one was given).</summary>
    /// <param name="parameter">A parameter proposed by the tuner.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentException">The parameter is not in the space (or lacks <c>parameterKey</c>).</exception>
    public NetworkDescription Describe(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var architecture = parameter;
        if (_parameterKey is not null)
        {
            if (parameter.ParameterType != ParameterType.Object || !parameter.ContainsKey(_parameterKey))
            {
                throw new ArgumentException($"The parameter has no key '{_parameterKey}' holding the architecture: {parameter}.", nameof(parameter));
            }

            architecture = parameter[_parameterKey];
        }

        return Space.Describe(architecture, Input, Outputs);
    }

    /// <summary>
    /// Gets the smallest costs any network of the space can have (see <see cref="IArchitectureSpace.MinimumCosts"/>): a
    /// limit below one of them can never be met.
    /// </summary>
    /// <returns>The minimums by cost name.</returns>
    public IReadOnlyDictionary<string, double> MinimumCosts() => Space.MinimumCosts(Input, Outputs).ToDictionary();
}
