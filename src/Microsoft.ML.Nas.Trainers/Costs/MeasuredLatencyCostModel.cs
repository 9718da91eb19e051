using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Estimates <see cref="CostNames.LatencyMilliseconds"/> by measuring each candidate on the machine at hand: the
/// parameter is described by the space, built, timed by a <see cref="LatencyMeasurer"/> and released. Exact for this
/// machine, but each new candidate costs a build and <c>WarmupRuns + MeasuredRuns</c> forward passes; a
/// <see cref="LookupTableLatencyCostModel"/> answers in microseconds once its table is built.
/// </summary>
/// <remarks>
/// Measuring on the target hardware follows ProxylessNAS (Cai, Zhu and Han, 2019, https://arxiv.org/abs/1812.00332).
/// Results are memoized by the SHA-256 of the network description's JSON, so a candidate proposed again (or two
/// parameters that describe the same network) is measured once and gets the same estimate, as
/// <see cref="ICostModel"/> asks; a new process measures again, and timings vary from run to run. Measurements are
/// serialised (one at a time), because two at once would slow each other down.
/// </remarks>
public sealed class MeasuredLatencyCostModel : ICostModel
{
    private readonly IArchitectureSpace _space;
    private readonly InputShape _input;
    private readonly int _outputs;
    private readonly LatencyMeasurer _measurer;
    private readonly Dictionary<string, double> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="MeasuredLatencyCostModel"/> class.</summary>
    /// <param name="space">The architecture space whose parameters are estimated.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs; at least 1.</param>
    /// <param name="options">How to measure; <see langword="null"/> for the defaults of <see cref="MeasuredLatencyOptions"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The input does not fit the space, or <paramref name="outputs"/> is below 1.</exception>
    public MeasuredLatencyCostModel(IArchitectureSpace space, InputShape input, int outputs, MeasuredLatencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        space.ValidateInput(input);
        _space = space;
        _input = input;
        _outputs = outputs;
        _measurer = new LatencyMeasurer(options);
    }

    /// <summary>Gets the number of distinct networks measured so far.</summary>
    public int MeasuredNetworks
    {
        get
        {
            lock (_lock)
            {
                return _cache.Count;
            }
        }
    }

    /// <summary>Measures (or recalls) the forward latency (<see cref="MeasuredLatencyOptions.Statistic"/>) of the parameter's network.</summary>
    /// <param name="parameter">A parameter of the space.</param>
    /// <returns>One cost, <see cref="CostNames.LatencyMilliseconds"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The parameter is not in the space.</exception>
    public IReadOnlyDictionary<string, double> Estimate(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var description = _space.Describe(parameter, _input, _outputs);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description.ToJson())));
        double milliseconds;
        lock (_lock)
        {
            if (!_cache.TryGetValue(hash, out milliseconds))
            {
                milliseconds = _measurer.Measure(description).Milliseconds(_measurer.Options.Statistic);
                _cache[hash] = milliseconds;
            }
        }

        return new Dictionary<string, double>(StringComparer.Ordinal) { [CostNames.LatencyMilliseconds] = milliseconds };
    }
}
