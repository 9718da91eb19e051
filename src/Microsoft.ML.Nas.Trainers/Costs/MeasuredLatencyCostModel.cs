using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;

using TorchSharp;

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
/// <see cref="ICostModel"/> asks. Without a <see cref="MeasuredLatencyCache"/> the memo lives in this instance only: a
/// new process measures again, and timings vary from run to run, so a resumed search can decide differently. With a
/// cache (the search's checkpoint), each measurement is committed to it before it is returned, and stored measurements
/// are returned without measuring, so a resumed search sees exactly the values of the run it resumes. Measurements are
/// serialised (one at a time), because two at once would slow each other down.
/// </remarks>
public sealed class MeasuredLatencyCostModel : ICostModel
{
    private readonly IArchitectureSpace _space;
    private readonly InputShape _input;
    private readonly int _outputs;
    private readonly MeasuredLatencyOptions _options;
    private readonly string _settingsKey;
    private readonly Func<NetworkDescription, LatencyMeasurement> _measure;
    private readonly MeasuredLatencyCache? _cache;
    private readonly Dictionary<string, double> _memo = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _measuredNetworks;

    /// <summary>Initializes a new instance of the <see cref="MeasuredLatencyCostModel"/> class.</summary>
    /// <param name="space">The architecture space whose parameters are estimated.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs; at least 1.</param>
    /// <param name="options">How to measure; <see langword="null"/> for the defaults of <see cref="MeasuredLatencyOptions"/>.</param>
    /// <param name="cache">
    /// Where measurements persist (the search's checkpoint), read before measuring and written before an estimate is
    /// returned; <see langword="null"/> (the default) to keep them in this instance only. The caller keeps ownership.
    /// </param>
    /// <param name="device">
    /// Where networks are timed (<c>torch.CPU</c> or a CUDA device); <see langword="null"/> (the default) for the CPU.
    /// Measurements of another device are kept apart in the cache.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The input does not fit the space, or <paramref name="outputs"/> is below 1.</exception>
    public MeasuredLatencyCostModel(
        IArchitectureSpace space, InputShape input, int outputs, MeasuredLatencyOptions? options = null, MeasuredLatencyCache? cache = null,
        torch.Device? device = null)
        : this(space, input, outputs, options, cache, measure: null, device)
    {
    }

    /// <summary>Initializes a new instance with the measurement replaced (tests count or fake measurements with it).</summary>
    internal MeasuredLatencyCostModel(
        IArchitectureSpace space, InputShape input, int outputs, MeasuredLatencyOptions? options, MeasuredLatencyCache? cache,
        Func<NetworkDescription, LatencyMeasurement>? measure, torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        space.ValidateInput(input);
        _space = space;
        _input = input;
        _outputs = outputs;
        _cache = cache;
        _options = options ?? new MeasuredLatencyOptions();
        var onCpu = device is null || device.type == DeviceType.CPU;
        _settingsKey = onCpu ? LatencySettings.Key(_options) : LatencySettings.Key(_options) + "|device=" + device;
        _measure = measure ?? new LatencyMeasurer(_options, device).Measure;
    }

    /// <summary>Gets the number of distinct networks this instance has measured (networks found in the cache are not counted).</summary>
    public int MeasuredNetworks
    {
        get
        {
            lock (_lock)
            {
                return _measuredNetworks;
            }
        }
    }

    /// <summary>Gets the persistent cache, or <see langword="null"/> when measurements are kept in this instance only.</summary>
    public MeasuredLatencyCache? Cache => _cache;

    /// <summary>Measures (or recalls) the forward latency (<see cref="MeasuredLatencyOptions.Statistic"/>) of the parameter's network.</summary>
    /// <param name="parameter">A parameter of the space.</param>
    /// <returns>One cost, <see cref="CostNames.LatencyMilliseconds"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The parameter is not in the space.</exception>
    /// <exception cref="ObjectDisposedException">The cache has been disposed.</exception>
    public IReadOnlyDictionary<string, double> Estimate(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var description = _space.Describe(parameter, _input, _outputs);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description.ToJson())));
        double milliseconds;
        lock (_lock)
        {
            if (!_memo.TryGetValue(hash, out milliseconds))
            {
                if (_cache is null || !_cache.TryGet(hash, _settingsKey, out var measurement))
                {
                    measurement = _measure(description);
                    _measuredNetworks++;

                    // Persisted before it is used: a crash after this line replays with the stored value.
                    measurement = _cache?.Add(hash, _settingsKey, measurement) ?? measurement;
                }

                milliseconds = measurement.Milliseconds(_options.Statistic);
                _memo[hash] = milliseconds;
            }
        }

        return new Dictionary<string, double>(StringComparer.Ordinal) { [CostNames.LatencyMilliseconds] = milliseconds };
    }
}
