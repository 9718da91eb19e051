using System.Diagnostics;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Measures the forward latency of a module, a network or a single node on the libtorch CPU, on the machine at hand:
/// evaluation mode, no gradient recording, a fresh random input of the right shape, <see cref="MeasuredLatencyOptions.WarmupRuns"/>
/// untimed runs, then <see cref="MeasuredLatencyOptions.MeasuredRuns"/> timed ones summarised by their median, minimum,
/// 10th and 90th percentiles.
/// </summary>
/// <remarks>
/// <para>
/// Measuring on the target device instead of counting FLOPs follows ProxylessNAS: Direct Neural Architecture Search on
/// Target Task and Hardware (Cai, Zhu and Han, 2019, https://arxiv.org/abs/1812.00332), which shows that MACs rank
/// architectures poorly by latency because depthwise convolutions, activations and memory traffic cost more than their
/// MACs suggest.
/// </para>
/// <para>
/// Each timed run covers <c>Forward</c> and the release of its output, so a network's time and the sum of its nodes'
/// times account for the same work (a network releases each intermediate result as it goes). The libtorch intra-op
/// thread count is set to <see cref="MeasuredLatencyOptions.Threads"/> for the measurement and restored afterwards, as is
/// the module's training mode. The thread count is a setting of the calling thread under OpenMP, so measure on the
/// thread that will run inference. Timing uses <see cref="Stopwatch"/>: measuring real time needs the real clock.
/// </para>
/// </remarks>
public sealed class LatencyMeasurer
{
    /// <summary>Initializes a new instance of the <see cref="LatencyMeasurer"/> class.</summary>
    /// <param name="options">How to measure; <see langword="null"/> for the defaults of <see cref="MeasuredLatencyOptions"/>.</param>
    public LatencyMeasurer(MeasuredLatencyOptions? options = null)
    {
        Options = options ?? new MeasuredLatencyOptions();
    }

    /// <summary>Gets how this measurer times forward passes.</summary>
    public MeasuredLatencyOptions Options { get; }

    /// <summary>Measures a module's forward latency.</summary>
    /// <param name="module">The module; it stays owned by the caller, and its training mode is restored afterwards.</param>
    /// <param name="input">The per-sample input shape; the batch dimension (<see cref="MeasuredLatencyOptions.BatchSize"/>) is added in front.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="TorchException">The module cannot run on an input of that shape.</exception>
    public LatencyMeasurement Measure(Module module, InputShape input)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        var runs = new double[Options.MeasuredRuns];
        var previousThreads = LibTorch.NumberOfThreads;
        var wasTraining = module.IsTraining;
        try
        {
            LibTorch.NumberOfThreads = Options.Threads;
            module.Eval();
            using var noGrad = LibTorch.NoGrad();
            using var scope = DisposeScope.Begin();
            long[] shape = [Options.BatchSize, .. input.Dimensions.Select(dimension => (long)dimension)];
            using var batch = Tensor.Randn(shape);
            for (var run = 0; run < Options.WarmupRuns; run++)
            {
                TimeOneRun(module, batch);
            }

            for (var run = 0; run < runs.Length; run++)
            {
                runs[run] = TimeOneRun(module, batch);
            }
        }
        finally
        {
            module.Train(wasTraining);
            LibTorch.NumberOfThreads = previousThreads;
        }

        return LatencyMeasurement.FromRuns(runs);
    }

    /// <summary>Builds a network, measures its forward latency and releases it.</summary>
    /// <param name="description">The network.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is <see langword="null"/>.</exception>
    public LatencyMeasurement Measure(NetworkDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        using var network = description.Build();
        return Measure(network, description.Input);
    }

    /// <summary>Builds one node, measures its forward latency on its own input shape and releases it.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is <see langword="null"/>.</exception>
    public LatencyMeasurement Measure(NetworkNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var module = node.Build();
        return Measure(module, node.Input);
    }

    /// <summary>Builds one latency term, measures its forward latency on its own input shape and releases it (one entry of a <see cref="LatencyLookupTable"/>).</summary>
    /// <param name="term">The term.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="term"/> is <see langword="null"/>.</exception>
    public LatencyMeasurement Measure(LatencyTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        using var module = term.Build();
        return Measure(module, term.Input);
    }

    private static double TimeOneRun(Module module, Tensor batch)
    {
        var start = Stopwatch.GetTimestamp();
        module.Forward(batch).Dispose();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
