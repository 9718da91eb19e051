using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Torch.Optim;
using Microsoft.ML.Nas.Trainers.Data;

namespace NasML.Benchmarks;

/// <summary>
/// <c>./build.sh bench throughput</c>: the same small CNN (conv 32 → conv 64 → linear, batch 128, SGD with momentum)
/// trained on Fashion-MNIST in NasML and in PyTorch eager (Debian's python3-torch, the same libtorch), with the same
/// thread count, side by side in one run: three alternating pairs of one-epoch runs (PyTorch, then NasML), the last
/// NasML run going on to the requested number of epochs. Prints images/s for both, NasML's resident memory after
/// epoch 1 and the last epoch, and as the last line <c>ratio &lt;NasML seconds / PyTorch seconds&gt;</c>, the median
/// over the pairs of the first epoch's ratio.
/// </summary>
internal static class ThroughputBenchmark
{
    private const string DataDirectory = "/usr/share/datasets/fashion-mnist";
    private const int BatchSize = 128;

    public static int Run(string[] args)
    {
        var epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        Console.WriteLine($"throughput: CNN conv32-conv64-linear, batch {BatchSize}, SGD(0.01, momentum 0.9), " +
                          $"{threads} thread(s); 3 alternating pairs of 1 epoch, the last NasML run {epochs} epochs");

        // The machine's speed drifts by tens of percent over minutes (a shared VM), so one PyTorch run followed by one
        // NasML run does not give a stable ratio: alternate them and report the median of the per-pair ratios.
        const int Pairs = 3;
        var pytorch = new List<EpochResult>();
        var firstEpochs = new List<EpochResult>();
        var ratios = new List<double>();
        List<EpochResult> nasml = [];
        for (var pair = 1; pair <= Pairs; pair++)
        {
            pytorch.Add(RunPyTorch(threads)[0]);
            nasml = RunNasML(pair == Pairs ? epochs : 1, threads);
            firstEpochs.Add(nasml[0]);
            ratios.Add(nasml[0].Seconds / pytorch[^1].Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pair {pair}: ratio {ratios[^1]:F3}"));
        }

        Console.WriteLine();
        Console.WriteLine("| run | epoch | seconds | images/s | mean loss | RSS MB |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var pair = 0; pair < Pairs; pair++)
        {
            Console.WriteLine(Row($"PyTorch (pair {pair + 1})", pytorch[pair]));
            Console.WriteLine(Row($"NasML (pair {pair + 1})", firstEpochs[pair]));
        }

        foreach (var epoch in nasml.Skip(1))
        {
            Console.WriteLine(Row("NasML (last pair)", epoch));
        }

        var growth = (nasml[^1].RssMegabytes / nasml[0].RssMegabytes) - 1;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"nasml_rss_mb epoch1={nasml[0].RssMegabytes:F1} epoch{nasml.Count}={nasml[^1].RssMegabytes:F1} growth={growth:P2}"));
        ratios.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"pair ratios {string.Join(" ", ratios.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {ratios[Pairs / 2]:F3}"));
        return 0;
    }

    private static string Row(string name, EpochResult epoch) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {epoch.Epoch} | {epoch.Seconds:F2} | {epoch.ImagesPerSecond:F0} | {epoch.Loss:F4} | {epoch.RssMegabytes:F1} |");

    private static List<EpochResult> RunNasML(int epochs, int threads)
    {
        LibTorch.NumberOfThreads = threads;
        LibTorch.ManualSeed(1);
        var images = IdxReader.ReadImages(Path.Combine(DataDirectory, "train-images-idx3-ubyte.gz"));
        var labels = IdxReader.ReadLabels(Path.Combine(DataDirectory, "train-labels-idx1-ubyte.gz"));

        // Preload once as tensors; batches are gathered natively with index_select, as in the PyTorch script.
        using var pixels = Tensor.FromArray(images.Pixels, images.Count, 1, images.Height, images.Width);
        using var allImages = pixels.To(ScalarType.Float32);
        using var scaledImages = allImages.Div(255.0);
        using var allLabels = Tensor.FromArray(labels.Select(label => (long)label).ToArray());

        using var model = new BenchmarkCnn();
        using var optimizer = new Sgd(model.Parameters(), learningRate: 0.01, momentum: 0.9);
        var results = new List<EpochResult>();
        long count = images.Count;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var stopwatch = Stopwatch.StartNew();
            double totalLoss = 0;
            var steps = 0;
            using var order = Tensor.RandPerm(count);
            for (long start = 0; start < count; start += BatchSize)
            {
                using var scope = DisposeScope.Begin();
                var index = order.Slice(0, start, Math.Min(start + BatchSize, count));
                var batch = scaledImages.IndexSelect(0, index);
                var target = allLabels.IndexSelect(0, index);
                optimizer.ZeroGrad();
                var logits = model.Forward(batch);
                var loss = Losses.CrossEntropy(logits, target);
                loss.Backward();
                optimizer.Step();
                totalLoss += loss.ToDouble();
                steps++;
            }

            stopwatch.Stop();
            results.Add(new EpochResult(
                epoch, stopwatch.Elapsed.TotalSeconds, count / stopwatch.Elapsed.TotalSeconds, totalLoss / steps,
                ResidentMegabytes()));
            Console.WriteLine($"  NasML epoch {epoch}: {results[^1].Seconds:F2} s");
        }

        return results;
    }

    private static List<EpochResult> RunPyTorch(int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "pytorch_throughput.py");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(DataDirectory);
        start.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("1");
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var results = new List<EpochResult>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            results.Add(new EpochResult(
                root.GetProperty("epoch").GetInt32(), root.GetProperty("seconds").GetDouble(),
                root.GetProperty("images_per_second").GetDouble(), root.GetProperty("loss").GetDouble(),
                root.GetProperty("rss_mb").GetDouble()));
            Console.WriteLine($"  PyTorch epoch {results[^1].Epoch}: {results[^1].Seconds:F2} s");
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || results.Count == 0)
        {
            throw new InvalidOperationException($"the PyTorch side failed (exit code {process.ExitCode})");
        }

        return results;
    }

    private static double ResidentMegabytes()
    {
        // statm's second field is resident pages.
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize / (1024.0 * 1024.0);
    }

    private sealed record EpochResult(int Epoch, double Seconds, double ImagesPerSecond, double Loss, double RssMegabytes);

    /// <summary>conv(1→32, 3×3) → ReLU → max-pool 2 → conv(32→64, 3×3) → ReLU → max-pool 2 → linear(3136→10).</summary>
    private sealed class BenchmarkCnn : Module
    {
        private readonly Conv2d _conv1;
        private readonly Conv2d _conv2;
        private readonly Linear _classifier;

        public BenchmarkCnn()
            : base("BenchmarkCnn")
        {
            _conv1 = RegisterModule("conv1", new Conv2d(1, 32, 3, padding: 1));
            _conv2 = RegisterModule("conv2", new Conv2d(32, 64, 3, padding: 1));
            _classifier = RegisterModule("fc", new Linear(64 * 7 * 7, 10));
        }

        public override Tensor Forward(Tensor input)
        {
            using var conv1 = _conv1.Forward(input);
            using var relu1 = Functional.ReLU(conv1);
            using var pool1 = Functional.MaxPool2d(relu1, 2);
            using var conv2 = _conv2.Forward(pool1);
            using var relu2 = Functional.ReLU(conv2);
            using var pool2 = Functional.MaxPool2d(relu2, 2);
            using var flat = Functional.Flatten(pool2, 1);
            return _classifier.Forward(flat);
        }
    }
}
