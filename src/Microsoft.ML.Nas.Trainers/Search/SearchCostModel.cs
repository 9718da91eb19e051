using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;

using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// The costs of a joint { architecture, recipe } parameter: analytic parameters, MACs and peak memory of the
/// architecture, plus its latency from a lookup table or a memoized measurement (persisted in the checkpoint when a
/// <see cref="MeasuredLatencyCache"/> is given).
/// </summary>
internal sealed class SearchCostModel : ICostModel
{
    public const string ArchitectureKey = "architecture";
    public const string RecipeKey = "recipe";

    private readonly IArchitectureSpace _space;
    private readonly InputShape _input;
    private readonly int _outputs;
    private readonly ICostModel _latency;

    /// <summary>
    /// Latency comes from <paramref name="table"/> when given; otherwise it is measured with <paramref name="latencyOptions"/>,
    /// and <paramref name="latencyCache"/> (the checkpoint's, when the search has one) keeps the measurements so that a
    /// resumed search reuses them instead of measuring again. The cache stays owned by the caller.
    /// </summary>
    public SearchCostModel(
        IArchitectureSpace space, InputShape input, int outputs, LatencyLookupTable? table, MeasuredLatencyOptions? latencyOptions,
        MeasuredLatencyCache? latencyCache = null, torch.Device? device = null)
    {
        _space = space;
        _input = input;
        _outputs = outputs;
        _latency = table is not null
            ? new LookupTableLatencyCostModel(table, space, input, outputs)
            : new MeasuredLatencyCostModel(space, input, outputs, latencyOptions, latencyCache, device);
    }

    public IReadOnlyDictionary<string, double> Estimate(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return EstimateArchitecture(parameter[ArchitectureKey]);
    }

    public Dictionary<string, double> EstimateArchitecture(Parameter architecture)
    {
        var costs = new Dictionary<string, double>(AnalyticCosts.Of(_space.Describe(architecture, _input, _outputs)).ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, value) in _latency.Estimate(architecture))
        {
            costs[name] = value;
        }

        return costs;
    }

    /// <summary>
    /// Throws when a reject-policy constraint is below the smallest cost any network of the space can have: analytic
    /// minima from the space, latency as the smallest over the space's minimal candidates.
    /// </summary>
    public void ThrowIfInfeasible(HardwareConstraints constraints)
    {
        var rejecting = constraints.Constraints.Where(constraint => constraint.Policy == ConstraintPolicy.Reject).ToList();
        if (rejecting.Count == 0)
        {
            return;
        }

        var minimum = new Dictionary<string, double>(_space.MinimumCosts(_input, _outputs).ToDictionary(), StringComparer.Ordinal);
        if (rejecting.Any(constraint => constraint.CostName == CostNames.LatencyMilliseconds))
        {
            minimum[CostNames.LatencyMilliseconds] = _space.MinimalCandidates()
                .Select(candidate => _latency.Estimate(candidate)[CostNames.LatencyMilliseconds])
                .Min();
        }

        foreach (var constraint in rejecting)
        {
            if (minimum.TryGetValue(constraint.CostName, out var smallest) && !constraint.IsSatisfiedBy(smallest))
            {
                throw new InfeasibleConstraintsException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"No architecture of the {_space.Name} space can meet {constraint} for input {_input} and {_outputs} outputs: " +
                        $"the smallest achievable {constraint.CostName} is {smallest:G6}. Relax the constraint or use a smaller space."),
                    constraint.CostName,
                    constraint.MaxValue,
                    smallest,
                    consecutiveRejections: 0);
            }
        }
    }
}
