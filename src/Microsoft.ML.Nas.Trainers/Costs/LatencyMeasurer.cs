using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Measures the forward latency of a module, a network or a single node with TorchSharp on the machine at hand (the
/// CPU by default, or the <see cref="Device"/> given): evaluation mode, no gradient recording, a fresh random input of
/// the right shape, <see cref="MeasuredLatencyOptions.WarmupRuns"/> untimed runs, then
/// <see cref="MeasuredLatencyOptions.MeasuredRuns"/> timed ones summarised by their median, minimum, 10th and 90th
/// percentiles.
/// </summary>
/// <remarks>
/// <para>
/// Measuring on the target device instead of counting FLOPs follows ProxylessNAS: Direct Neural Architecture Search on
/// Target Task and Hardware (Cai, Zhu and Han, 2019, https://arxiv.org/abs/1812.00332), which shows that MACs rank
/// architectures poorly by latency because depthwise convolutions, activations and memory traffic cost more than their
/// MACs suggest.
/// </para>
/// <para>
/// Each timed run covers <c>forward</c> and the release of its output, so a network's time and the sum of its nodes'
/// times account for the same work (a network releases each intermediate result as it goes). On a CUDA device each run
/// ends with <c>torch.cuda.synchronize()</c>, so the time covers the kernels and not only their launch. The libtorch
/// intra-op thread count (<see cref="TorchEngine.NumberOfThreads"/>) is set to <see cref="MeasuredLatencyOptions.Threads"/>
/// for the measurement and restored afterwards, as is the module's training mode. The thread count is a setting of the
/// calling thread under OpenMP, so measure on the thread that will run inference. Timing uses <see cref="Stopwatch"/>:
/// measuring real time needs the real clock.
/// </para>
/// </remarks>
public sealed class LatencyMeasurer
{
    /// <summary>Initializes a new instance of the <see cref="LatencyMeasurer"/> class.</summary>
    /// <param name="options">How to measure; <see langword="null"/> for the defaults of <see cref="MeasuredLatencyOptions"/>.</param>
    /// <param name="device">
    /// Where to run the forward passes; <see langword="null"/> (the default) for the CPU. Networks, nodes and terms this
    /// measurer builds are moved there; a module passed to <see cref="Measure(nn.Module{Tensor, Tensor}, InputShape)"/> must
    /// already live there.
    /// </param>
    public LatencyMeasurer(MeasuredLatencyOptions? options = null, Device? device = null)
    {
        Options = options ?? new MeasuredLatencyOptions();
        Device = device ?? torch.CPU;
    }

    /// <summary>Gets how this measurer times forward passes.</summary>
    public MeasuredLatencyOptions Options { get; }

    /// <summary>Gets the device the forward passes run on; the CPU by default.</summary>
    public Device Device { get; }

    /// <summary>Measures a module's forward latency.</summary>
    /// <param name="module">The module, on <see cref="Device"/>; it stays owned by the caller, and its training mode is restored afterwards.</param>
    /// <param name="input">The per-sample input shape; the batch dimension (<see cref="MeasuredLatencyOptions.BatchSize"/>) is added in front.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The module cannot run on an input of that shape (libtorch's message is the inner exception).</exception>
    public LatencyMeasurement Measure(nn.Module<Tensor, Tensor> module, InputShape input)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(input);
        var runs = new double[Options.MeasuredRuns];
        var previousThreads = TorchEngine.NumberOfThreads;
        var wasTraining = module.training;
        long[] shape = [Options.BatchSize, .. input.Dimensions.Select(dimension => (long)dimension)];
        try
        {
            TorchEngine.NumberOfThreads = Options.Threads;
            module.eval();
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            using var batch = torch.randn(shape, device: Device);
            Synchronize();
            for (var run = 0; run < Options.WarmupRuns; run++)
            {
                TimeOneRun(module, batch);
            }

            for (var run = 0; run < runs.Length; run++)
            {
                runs[run] = TimeOneRun(module, batch);
            }
        }
        catch (ExternalException exception)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The module cannot run on a batch [{string.Join(", ", shape)}] on {Device}: {exception.Message}"),
                nameof(input),
                exception);
        }
        finally
        {
            module.train(wasTraining);
            TorchEngine.NumberOfThreads = previousThreads;
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
        using var network = OnDevice(description.Build());
        return Measure(network, description.Input);
    }

    /// <summary>Builds one node, measures its forward latency on its own input shape and releases it.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is <see langword="null"/>.</exception>
    public LatencyMeasurement Measure(NetworkNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var module = OnDevice(node.Build());
        return Measure(module, node.Input);
    }

    /// <summary>Builds one latency term, measures its forward latency on its own input shape and releases it (one entry of a <see cref="LatencyLookupTable"/>).</summary>
    /// <param name="term">The term.</param>
    /// <returns>The latency summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="term"/> is <see langword="null"/>.</exception>
    public LatencyMeasurement Measure(LatencyTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        using var module = OnDevice(term.Build());
        return Measure(module, term.Input);
    }

    /// <summary>Moves a freshly built module to <see cref="Device"/> (nothing to do on the CPU, where modules are built).</summary>
    private T OnDevice<T>(T module)
        where T : nn.Module
    {
        if (Device.type == DeviceType.CPU)
        {
            return module;
        }

        try
        {
            return module.to(Device);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private double TimeOneRun(nn.Module<Tensor, Tensor> module, Tensor batch)
    {
        var start = Stopwatch.GetTimestamp();
        module.call(batch).Dispose();
        Synchronize();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Waits for the device's queued kernels, so that a time covers the work and not only its launch.</summary>
    private void Synchronize()
    {
        if (Device.type == DeviceType.CUDA)
        {
            torch.cuda.synchronize(Device);
        }
    }
}
