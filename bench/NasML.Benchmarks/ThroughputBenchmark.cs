using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasML.Benchmarks;

/// <summary>
/// <c>./build.sh bench throughput [EPOCHS] [THREADS] [--train-size N]</c>: the same small CNN (conv 32 → conv 64 →
/// linear, batch 128, SGD with momentum) trained on Fashion-MNIST in NasML (TorchSharp) and in PyTorch eager (Debian's
/// python3-torch), with the same thread count, side by side in one run. Prints both libtorch versions and NasML's
/// allocator tuning state, images/s for both, resident memory after every epoch and its growth from epoch 1 to the
/// last, and as the last line <c>ratio &lt;NasML seconds / PyTorch seconds&gt;</c>. <c>--train-size N</c> trains on the
/// first N images only (short epochs, for a smoke run).
/// </summary>
/// <remarks>
/// The machine is a shared VM whose speed drifts by tens of percent within minutes, so running one side's epoch and
/// then the other's measures the drift as much as the code. Both sides therefore train in the same time window: the
/// PyTorch script is a child process that trains on command, and the two sides take turns in chunks of about a
/// seventh of an epoch, in ABBA order (PyTorch first in odd rounds, NasML first in even ones). Each side only times
/// its own steps. The ratio is NasML's total seconds over PyTorch's for the same steps of all epochs; the epoch-1
/// ratio and the median of the per-round ratios are printed too.
/// <para>
/// The two sides do not run the same libtorch: NasML runs the one TorchSharp ships (2.10 for TorchSharp 0.107), the
/// script Debian's (1.13), so the ratio measures the bindings and the libtorch versions together; both versions are
/// printed at the start.
/// </para>
/// </remarks>
internal static class ThroughputBenchmark
{
    private const int BatchSize = 128;
    private const int ChunksPerEpoch = 7;

    public static int Run(string[] args)
    {
        var trainSize = int.MaxValue;
        var positional = new List<string>();
        for (var index = 0; index < args.Length; index++)
        {
            if (args[index] == "--train-size" && index + 1 < args.Length)
            {
                trainSize = int.Parse(args[++index], CultureInfo.InvariantCulture);
                ArgumentOutOfRangeException.ThrowIfLessThan(trainSize, BatchSize, "--train-size");
            }
            else
            {
                positional.Add(args[index]);
            }
        }

        var epochs = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 5;
        var threads = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        Console.WriteLine($"throughput: CNN conv32-conv64-linear, batch {BatchSize}, SGD(0.01, momentum 0.9), {threads} thread(s), " +
                          $"{epochs} epochs each, interleaved in chunks of 1/{ChunksPerEpoch} epoch (ABBA)");
        Console.WriteLine($"NasML allocator tuning: {(TorchEngine.IsAllocatorTuned ? "on" : "off")}; oneDNN: {(TorchEngine.IsOneDnnDisabled ? "off (AMD AVX-512 guard; ATen kernels)" : "on")}");

        using var pytorch = new PyTorchSide(threads, trainSize);
        using var nasml = new NasMLSide(threads, trainSize);
        Console.WriteLine(Invariant($"libtorch: NasML {torch.__version__} (TorchSharp {typeof(torch).Assembly.GetName().Version}), PyTorch {pytorch.Version}; {nasml.Count} training images"));
        var stepsPerEpoch = (nasml.Count + BatchSize - 1) / BatchSize;
        var chunk = (stepsPerEpoch + ChunksPerEpoch - 1) / ChunksPerEpoch;
        var totalSteps = stepsPerEpoch * epochs;

        // One untimed chunk each: JIT, libgomp's threads, oneDNN's kernels, the allocator's first pages.
        pytorch.Train(chunk);
        nasml.Train(chunk);
        nasml.Reset();
        pytorch.Restart();

        var rows = new List<EpochRow>();
        var roundRatios = new List<double>();
        double pySeconds = 0, nasSeconds = 0, pyLoss = 0, nasLoss = 0;
        var done = 0;
        var round = 0;
        while (done < totalSteps)
        {
            var epochEnd = ((done / stepsPerEpoch) + 1) * stepsPerEpoch;
            var steps = Math.Min(chunk, epochEnd - done);
            (double Seconds, double LossSum) py, nas;
            if (round % 2 == 0)
            {
                py = pytorch.Train(steps);
                nas = nasml.Train(steps);
            }
            else
            {
                nas = nasml.Train(steps);
                py = pytorch.Train(steps);
            }

            pySeconds += py.Seconds;
            nasSeconds += nas.Seconds;
            pyLoss += py.LossSum;
            nasLoss += nas.LossSum;
            roundRatios.Add(nas.Seconds / py.Seconds);
            done += steps;
            round++;
            if (done % stepsPerEpoch == 0)
            {
                var epoch = done / stepsPerEpoch;
                rows.Add(new EpochRow(epoch, pySeconds, nasSeconds, pyLoss / stepsPerEpoch, nasLoss / stepsPerEpoch, pytorch.ResidentMegabytes(), NasMLSide.ResidentMegabytes()));
                Console.WriteLine(Invariant($"  epoch {epoch}: PyTorch {pySeconds:F2} s, NasML {nasSeconds:F2} s, ratio {nasSeconds / pySeconds:F3}"));
                pySeconds = nasSeconds = pyLoss = nasLoss = 0;
            }
        }

        Console.WriteLine();
        Console.WriteLine("| epoch | PyTorch s | NasML s | PyTorch img/s | NasML img/s | PyTorch loss | NasML loss | PyTorch RSS MB | NasML RSS MB |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            Console.WriteLine(Invariant(
                $"| {row.Epoch} | {row.PySeconds:F2} | {row.NasSeconds:F2} | {nasml.Count / row.PySeconds:F0} | {nasml.Count / row.NasSeconds:F0} | {row.PyLoss:F4} | {row.NasLoss:F4} | {row.PyRss:F1} | {row.NasRss:F1} |"));
        }

        var growth = (rows[^1].NasRss / rows[0].NasRss) - 1;
        Console.WriteLine(Invariant($"nasml_rss_mb epoch1={rows[0].NasRss:F1} epoch{rows.Count}={rows[^1].NasRss:F1} growth={growth:P2}"));
        roundRatios.Sort();
        Console.WriteLine(Invariant($"epoch1 ratio {rows[0].NasSeconds / rows[0].PySeconds:F3}; median round ratio {roundRatios[roundRatios.Count / 2]:F3} over {roundRatios.Count} rounds"));
        Console.WriteLine(Invariant($"ratio {rows.Sum(row => row.NasSeconds) / rows.Sum(row => row.PySeconds):F3}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record EpochRow(int Epoch, double PySeconds, double NasSeconds, double PyLoss, double NasLoss, double PyRss, double NasRss);

    /// <summary>NasML's training loop, advanced a given number of steps at a time.</summary>
    private sealed class NasMLSide : IDisposable
    {
        private readonly int _threads;
        private readonly Tensor _images;
        private readonly Tensor _labels;
        private BenchmarkCnn _model = null!;
        private SGD _optimizer = null!;
        private Tensor? _order;
        private long _position;

        public NasMLSide(int threads, int trainSize)
        {
            _threads = threads;
            TorchEngine.NumberOfThreads = threads;
            var images = IdxReader.ReadImages(FashionMnistFiles.TrainImages);
            var labels = IdxReader.ReadLabels(FashionMnistFiles.TrainLabels);
            Count = Math.Min(images.Count, trainSize);

            // Preload once as tensors; batches are gathered natively with index_select, as in the PyTorch script.
            using (torch.NewDisposeScope())
            {
                var pixels = torch.tensor(images.Pixels, [images.Count, 1, images.Height, images.Width]);
                _images = pixels.slice(0, 0, Count, 1).to(ScalarType.Float32).div(255.0).DetachFromDisposeScope();
                _labels = torch.tensor(labels.Take(Count).Select(label => (long)label).ToArray()).DetachFromDisposeScope();
            }

            Reset();
        }

        public int Count { get; }

        /// <summary>A fresh model, optimizer and data order from seed 1, as the PyTorch script starts.</summary>
        public void Reset()
        {
            _model?.Dispose();
            _optimizer?.Dispose();
            _order?.Dispose();
            _order = null;
            _position = Count;
            torch.manual_seed(1);
            _model = new BenchmarkCnn();
            _optimizer = optim.SGD(_model.parameters(), learningRate: 0.01, momentum: 0.9);
        }

        public (double Seconds, double LossSum) Train(int steps)
        {
            TorchEngine.NumberOfThreads = _threads;
            var stopwatch = Stopwatch.StartNew();
            double lossSum = 0;
            for (var step = 0; step < steps; step++)
            {
                if (_position >= Count)
                {
                    _order?.Dispose();
                    _order = torch.randperm(Count);
                    _position = 0;
                }

                using var scope = torch.NewDisposeScope();
                var index = _order!.slice(0, _position, Math.Min(_position + BatchSize, Count), 1);
                _position += BatchSize;
                var batch = _images.index_select(0, index);
                var target = _labels.index_select(0, index);
                _optimizer.zero_grad();
                var logits = _model.forward(batch);
                var loss = nn.functional.cross_entropy(logits, target);
                loss.backward();
                _optimizer.step();
                lossSum += loss.item<float>();
            }

            return (stopwatch.Elapsed.TotalSeconds, lossSum);
        }

        public static double ResidentMegabytes()
        {
            // statm's second field is resident pages.
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize / (1024.0 * 1024.0);
        }

        public void Dispose()
        {
            _model.Dispose();
            _optimizer.Dispose();
            _order?.Dispose();
            _images.Dispose();
            _labels.Dispose();
        }
    }

    /// <summary>The PyTorch script as a child process that trains on command (see Scripts/pytorch_throughput.py).</summary>
    private sealed class PyTorchSide : IDisposable
    {
        private readonly int _threads;
        private readonly int _trainSize;
        private Process _process = null!;

        public PyTorchSide(int threads, int trainSize)
        {
            _threads = threads;
            _trainSize = trainSize;
            Restart();
        }

        /// <summary>Gets the script's <c>torch.__version__</c>.</summary>
        public string Version { get; private set; } = "?";

        /// <summary>Starts a fresh script: a fresh model and data order from seed 1.</summary>
        public void Restart()
        {
            if (_process is not null)
            {
                Stop();
            }

            var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "pytorch_throughput.py");
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(FashionMnistFiles.Folder);
            start.ArgumentList.Add(_threads.ToString(CultureInfo.InvariantCulture));
            if (_trainSize != int.MaxValue)
            {
                start.ArgumentList.Add(_trainSize.ToString(CultureInfo.InvariantCulture));
            }

            start.Environment["OMP_NUM_THREADS"] = _threads.ToString(CultureInfo.InvariantCulture);
            _process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
            Version = Read().GetProperty("torch_version").GetString() ?? "?";
        }

        public (double Seconds, double LossSum) Train(int steps)
        {
            var reply = Send(Invariant($"steps {steps}"));
            return (reply.GetProperty("seconds").GetDouble(), reply.GetProperty("loss_sum").GetDouble());
        }

        public double ResidentMegabytes() => Send("rss").GetProperty("rss_mb").GetDouble();

        public void Dispose() => Stop();

        private JsonElement Send(string command)
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
            return Read();
        }

        private JsonElement Read()
        {
            var line = _process.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException($"the PyTorch side stopped (exit code {(_process.HasExited ? _process.ExitCode : -1)})");
            using var json = JsonDocument.Parse(line);
            return json.RootElement.Clone();
        }

        private void Stop()
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }

    /// <summary>conv(1→32, 3×3) → ReLU → max-pool 2 → conv(32→64, 3×3) → ReLU → max-pool 2 → linear(3136→10).</summary>
    private sealed class BenchmarkCnn : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1;
        private readonly Conv2d _conv2;
        private readonly Linear _classifier;

        public BenchmarkCnn()
            : base(nameof(BenchmarkCnn))
        {
            _conv1 = nn.Conv2d(1, 32, 3, padding: 1);
            _conv2 = nn.Conv2d(32, 64, 3, padding: 1);
            _classifier = nn.Linear(64 * 7 * 7, 10);
            register_module("conv1", _conv1);
            register_module("conv2", _conv2);
            register_module("fc", _classifier);
        }

        // The caller's dispose scope owns the intermediate tensors.
        public override Tensor forward(Tensor input)
        {
            var x = nn.functional.max_pool2d(nn.functional.relu(_conv1.forward(input)), 2);
            x = nn.functional.max_pool2d(nn.functional.relu(_conv2.forward(x)), 2);
            return _classifier.forward(x.flatten(1));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _conv1.Dispose();
                _conv2.Dispose();
                _classifier.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
