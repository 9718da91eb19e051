using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Estimates <see cref="CostNames.LatencyMilliseconds"/> from a <see cref="LatencyLookupTable"/>: the parameter is
/// described by the space and its nodes' entries are summed with the table's overhead. Nothing is built or run, so an
/// estimate takes microseconds and is the same in every process that loads the same table.
/// </summary>
/// <remarks>
/// The per-operator lookup table of ProxylessNAS (Cai, Zhu and Han, 2019, https://arxiv.org/abs/1812.00332) and
/// Once-for-All (Cai et al., 2020, https://arxiv.org/abs/1908.09791); see <see cref="LatencyLookupTable"/> for the
/// prediction rule. Build the table with <see cref="LatencyLookupTable.Build(IArchitectureSpace, InputShape, int, LatencyTableOptions?, CancellationToken)"/>
/// for the same space, input and outputs on the machine the network will run on, and save it for later searches.
/// </remarks>
public sealed class LookupTableLatencyCostModel : ICostModel
{
    private readonly IArchitectureSpace _space;
    private readonly InputShape _input;
    private readonly int _outputs;

    /// <summary>Initializes a new instance of the <see cref="LookupTableLatencyCostModel"/> class.</summary>
    /// <param name="table">The latency table.</param>
    /// <param name="space">The architecture space whose parameters are estimated.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/>, <paramref name="space"/> or <paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The input does not fit the space, or <paramref name="outputs"/> is below 1.</exception>
    public LookupTableLatencyCostModel(LatencyLookupTable table, IArchitectureSpace space, InputShape input, int outputs)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        space.ValidateInput(input);
        Table = table;
        _space = space;
        _input = input;
        _outputs = outputs;
    }

    /// <summary>Gets the table the estimates come from.</summary>
    public LatencyLookupTable Table { get; }

    /// <summary>Predicts the forward latency of the parameter's network from the table.</summary>
    /// <param name="parameter">A parameter of the space.</param>
    /// <returns>One cost, <see cref="CostNames.LatencyMilliseconds"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The parameter is not in the space.</exception>
    /// <exception cref="KeyNotFoundException">A node of the network has no entry in the table; the message names its key.</exception>
    public IReadOnlyDictionary<string, double> Estimate(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var milliseconds = Table.Predict(_space.Describe(parameter, _input, _outputs));
        return new Dictionary<string, double>(StringComparer.Ordinal) { [CostNames.LatencyMilliseconds] = milliseconds };
    }
}
