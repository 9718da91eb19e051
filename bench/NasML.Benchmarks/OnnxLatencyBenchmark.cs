using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NasML.Benchmarks;

/// <summary>
/// <c>./build.sh bench onnx</c>: forward latency of the same exported networks in ONNX Runtime (onnxruntime-node 1.30,
/// CPU) and in libtorch (NasML's <see cref="LatencyMeasurer"/>), one intra-op thread on both sides.
/// </summary>
/// <remarks>
/// <para>
/// Networks: seeded random architectures of the bundled spaces (three MobileNet, one ResNet and one NAS-Bench-201 at
/// 28×28×1 with 10 classes, one MLP on a 20-feature table with 2 classes), their batch normalisations put in a trained
/// state (random γ and β, running statistics from three training-mode passes), each timed at every batch size.
/// </para>
/// <para>
/// Sides: <c>libtorch</c> is NasML's eager evaluation-mode forward (batch normalisation not folded: NasML has no
/// whole-network folded inference). <c>ort</c> is the deployed export (batch normalisation folded into the convolutions,
/// ONNX Runtime's default graph optimizations, level <c>all</c>). <c>ort-plain</c> is an export without folding run with
/// graph optimizations disabled, i.e. the same operators libtorch runs, which separates the runtimes' kernels from
/// ONNX Runtime's graph rewriting. The graphs are exported as regression models without input normalization, so each
/// computes exactly the network's forward (no softmax, no preprocessing).
/// </para>
/// <para>
/// Timing: each side gets the same warm-up and timed run counts, chosen per case from a short libtorch pilot so that a
/// measurement takes about <c>--target-ms</c> (between 10 and <c>--runs</c> timed runs, a fifth as many warm-up runs).
/// The sides alternate in <c>--rounds</c> rounds (order reversed every other round, against drift on a shared machine);
/// a side's latency is the median over rounds of the median of its runs. ONNX Runtime is timed inside node with
/// <c>process.hrtime</c> around <c>await session.run</c> (tools/onnx-runner/latency.js), excluding process start, model
/// load and session creation; libtorch with <see cref="System.Diagnostics.Stopwatch"/> around <c>forward</c> and the
/// release of its output.
/// </para>
/// <para>
/// Before timing, every case runs once on a seeded input in both runtimes and the outputs are compared; a case whose
/// outputs differ by more than 1e-4 relative to the largest output (at least 1) is not timed and fails the benchmark.
/// The last line is <c>ort_over_libtorch R</c>, R the geometric mean over all cases of ORT latency / libtorch latency;
/// the lines before it give the same per batch size, the median over cases, the ratio of the fastest runs (less
/// sensitive to a loaded machine) and <c>ort_plain_over_libtorch</c>.
/// Options: <c>--batches 1,32</c>, <c>--rounds 3</c>, <c>--runs 50</c>, <c>--target-ms 500</c>, <c>--seed 1</c>,
/// <c>--keep DIR</c> (write the models and inputs there and keep them, for timing by hand with latency.js).
/// </para>
/// </remarks>
internal static class OnnxLatencyBenchmark
{
    private const double RelativeTolerance = 1e-4;

    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            return 2;
        }

        // One thread from the start, not only while timing: no OpenMP workers left spinning from set-up passes.
        TorchEngine.NumberOfThreads = 1;
        var models = Models(settings.Seed);
        Console.WriteLine(Invariant(
            $"onnx: {models.Count} networks x batches {string.Join(",", settings.Batches)}; libtorch (eager, BN unfolded) vs ONNX Runtime 1.30 (onnxruntime-node, CPU): ort = BN-folded export, graph optimizations 'all'; ort-plain = unfolded export, optimizations 'disabled'"));
        Console.WriteLine(Invariant(
            $"1 intra-op thread on both sides; {settings.Rounds} alternating rounds, each side: same warm-up/timed runs (up to {settings.MaxRuns} timed, ~{settings.TargetMilliseconds} ms per measurement), median of runs, median over rounds; {Environment.ProcessorCount} processors"));
        Console.WriteLine();
        Console.WriteLine("| network | params | MMACs/sample | batch | runs | libtorch ms | ort ms | ort/libtorch | ort-plain ms | ort-plain/libtorch | max abs diff | architecture |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");

        var directory = settings.KeepDirectory is { } keep
            ? Directory.CreateDirectory(keep).FullName
            : Directory.CreateTempSubdirectory("nasml-onnx-latency-").FullName;
        var results = new List<CaseResult>();
        var mismatches = new List<string>();
        try
        {
            using var runner = OnnxLatencyRunner.Start();
            foreach (var model in models)
            {
                MeasureModel(model, settings, runner, directory, results, mismatches);
            }
        }
        finally
        {
            if (settings.KeepDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"sanity: max |libtorch - ORT| over every output of every case {results.Select(r => r.MaxDifference).DefaultIfEmpty().Max():E2} (both ORT graphs; tolerance {RelativeTolerance:E0} x max(1, max |output|)), mismatched cases: {mismatches.Count}"));
        if (mismatches.Count > 0)
        {
            Console.Error.WriteLine($"outputs disagree, those cases were not timed: {string.Join("; ", mismatches)}");
            return 1;
        }

        foreach (var batch in settings.Batches)
        {
            var ofBatch = results.Where(r => r.Batch == batch).ToList();
            Console.WriteLine(Invariant(
                $"batch {batch}: geometric mean ort/libtorch {GeometricMean(ofBatch.Select(r => r.Ratio)):F3}, ort-plain/libtorch {GeometricMean(ofBatch.Select(r => r.PlainRatio)):F3}"));
        }

        Console.WriteLine(Invariant($"median ort/libtorch over {results.Count} cases {Median(results.Select(r => r.Ratio)):F3}"));
        Console.WriteLine(Invariant($"geometric mean ort/libtorch of the fastest runs (less sensitive to a loaded machine) {GeometricMean(results.Select(r => r.FastestRunRatio)):F3}"));
        Console.WriteLine(Invariant($"ort_plain_over_libtorch {GeometricMean(results.Select(r => r.PlainRatio)):F3}"));
        Console.WriteLine(Invariant($"summary (last line): geometric mean over {results.Count} cases (networks x batches) of ort ms / libtorch ms; below 1 means ONNX Runtime is faster"));
        Console.WriteLine(Invariant($"ort_over_libtorch {GeometricMean(results.Select(r => r.Ratio)):F3}"));
        return 0;
    }

    private static void MeasureModel(
        BenchModel model, Settings settings, OnnxLatencyRunner runner, string directory, List<CaseResult> results, List<string> mismatches)
    {
        var description = model.Description;
        var sampleShape = description.Input.Dimensions.ToArray();
        torch.manual_seed(model.Seed);
        using var network = description.Build();
        TrainBatchNorm(network, sampleShape);
        WarmUpJit(network, sampleShape);

        var folded = Path.Combine(directory, model.Name + ".onnx");
        var plain = Path.Combine(directory, model.Name + ".plain.onnx");
        var exportOptions = new OnnxExportOptions { InputShape = sampleShape, Task = TrainingTask.Regression };
        OnnxExporter.Export(network, exportOptions, folded);
        OnnxExporter.Export(network, exportOptions with { FoldBatchNorm = false }, plain);

        foreach (var batch in settings.Batches)
        {
            var id = Invariant($"{model.Name}.b{batch}");
            long[] dimensions = [batch, .. sampleShape.Select(d => (long)d)];
            var (inputFile, expected) = SeededInputAndOutput(network, dimensions, model.Seed + batch, Path.Combine(directory, id + ".input.bin"));

            // The check runs also create both sessions, so no timed request pays for loading a model.
            var difference = 0.0;
            var problem = (string?)null;
            foreach (var (path, level) in new[] { (folded, "all"), (plain, "disabled") })
            {
                var check = runner.Run(new OnnxLatencyRequest(id + "." + level, path, inputFile, dimensions, 0, 1, level, directory));
                var (outputDimensions, values) = check.Outputs[OnnxExporter.ScoreName];
                if (values is null || values.Length != expected.Length || outputDimensions[0] != batch)
                {
                    problem = Invariant($"{id} ({level}): output shape [{string.Join(",", outputDimensions)}], expected {expected.Length} values");
                    break;
                }

                var scale = Math.Max(1.0, expected.Max(value => Math.Abs((double)value)));
                var caseDifference = expected.Zip(values, (a, b) => Math.Abs((double)a - b)).Max();
                difference = Math.Max(difference, caseDifference);
                if (!(caseDifference <= RelativeTolerance * scale))
                {
                    problem = Invariant($"{id} ({level}): max abs diff {caseDifference:E2} > {RelativeTolerance:E0} x {scale:G4}");
                    break;
                }
            }

            if (problem is not null)
            {
                mismatches.Add(problem);
                Console.WriteLine(Invariant($"| {model.Name} | {description.Parameters} | {description.Macs / 1e6:F2} | {batch} | - | - | - | - | - | - | MISMATCH | {model.Summary} |"));
                continue;
            }

            // Pilot: a few libtorch runs to pick counts that keep each measurement near the target time.
            var pilot = new LatencyMeasurer(new MeasuredLatencyOptions { BatchSize = batch, Threads = 1, WarmupRuns = 1, MeasuredRuns = 3 })
                .Measure(network, description.Input).MedianMilliseconds;
            var runs = (int)Math.Clamp(Math.Round(settings.TargetMilliseconds / Math.Max(pilot, 1e-3)), 10, settings.MaxRuns);
            var warmup = Math.Max(2, runs / 5);
            var measurer = new LatencyMeasurer(new MeasuredLatencyOptions { BatchSize = batch, Threads = 1, WarmupRuns = warmup, MeasuredRuns = runs });

            var libtorch = new List<LatencyMeasurement>();
            var ort = new List<LatencyMeasurement>();
            var ortPlain = new List<LatencyMeasurement>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var order = new Action[]
                {
                    () => libtorch.Add(measurer.Measure(network, description.Input)),
                    () => ort.Add(OrtMeasure(runner, id, folded, inputFile, dimensions, warmup, runs, "all")),
                    () => ortPlain.Add(OrtMeasure(runner, id, plain, inputFile, dimensions, warmup, runs, "disabled")),
                };
                foreach (var measure in round % 2 == 0 ? order : order.Reverse())
                {
                    measure();
                }
            }

            var result = new CaseResult(
                model.Name, batch, MedianOfMedians(libtorch), MedianOfMedians(ort), MedianOfMedians(ortPlain), difference,
                ort.Min(m => m.MinimumMilliseconds) / libtorch.Min(m => m.MinimumMilliseconds));
            results.Add(result);
            Console.WriteLine(Invariant(
                $"| {model.Name} | {description.Parameters} | {description.Macs / 1e6:F2} | {batch} | {runs} | {result.LibTorchMilliseconds:F3} | {result.OrtMilliseconds:F3} | {result.Ratio:F3} | {result.OrtPlainMilliseconds:F3} | {result.PlainRatio:F3} | {difference:E1} | {model.Summary} |"));
        }
    }

    private static LatencyMeasurement OrtMeasure(
        OnnxLatencyRunner runner, string id, string model, string inputFile, long[] dimensions, int warmup, int runs, string level) =>
        LatencyMeasurement.FromRuns(runner.Run(new OnnxLatencyRequest(id + "." + level, model, inputFile, dimensions, warmup, runs, level, null)).RunsMilliseconds);

    private static double MedianOfMedians(List<LatencyMeasurement> rounds) => Median(rounds.Select(m => m.MedianMilliseconds));

    /// <summary>A seeded standard-normal input written for ONNX Runtime, and libtorch's evaluation-mode output on it.</summary>
    private static (string File, float[] Output) SeededInputAndOutput(nn.Module<Tensor, Tensor> network, long[] dimensions, long seed, string path)
    {
        torch.manual_seed(seed);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(dimensions);
        OnnxLatencyRunner.WriteInput(path, input.data<float>().ToArray());
        network.eval();
        var output = network.forward(input);
        return (path, output.data<float>().ToArray());
    }

    /// <summary>
    /// Forty batch-1 passes and a pause, so that .NET's tiered compiler has had the calls it counts (30, after a short
    /// delay) to optimise the network's managed forward methods before timing; ONNX Runtime's side has no managed code
    /// in its loop. The three rounds cover what this misses.
    /// </summary>
    private static void WarmUpJit(nn.Module<Tensor, Tensor> network, int[] sampleShape)
    {
        using var noGrad = torch.no_grad();
        using var input = torch.randn([1, .. sampleShape.Select(d => (long)d)]);
        for (var pass = 0; pass < 40; pass++)
        {
            using var output = network.forward(input);
        }

        // Tier-1 code is compiled in the background after a short delay.
        Thread.Sleep(200);
    }

    /// <summary>Random γ in [0.5, 1.5) and β, then running statistics from three training-mode passes, so that folding matters.</summary>
    private static void TrainBatchNorm(nn.Module<Tensor, Tensor> network, int[] sampleShape)
    {
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            foreach (var module in network.modules())
            {
                if (module is TorchSharp.Modules.BatchNorm { weight: { } weight, bias: { } bias })
                {
                    weight.copy_(torch.rand(weight.shape).add(0.5));
                    bias.copy_(torch.randn(bias.shape).mul(0.3));
                }
            }

            network.train();
            var input = torch.randn([16, .. sampleShape.Select(d => (long)d)]);
            for (var pass = 0; pass < 3; pass++)
            {
                _ = network.forward(input);
            }
        }

        network.eval();
    }

    private static List<BenchModel> Models(int seed)
    {
        var image = InputShape.Image(1, 28, 28);
        var specs = new (string Name, IArchitectureSpace Space, InputShape Input, int Outputs)[]
        {
            ("mobilenet-a", ArchitectureSpaces.MobileNet(), image, 10),
            ("mobilenet-b", ArchitectureSpaces.MobileNet(), image, 10),
            ("mobilenet-c", ArchitectureSpaces.MobileNet(), image, 10),
            ("resnet", ArchitectureSpaces.ResNet(), image, 10),
            ("nas-bench-201", ArchitectureSpaces.NasBench201(), image, 10),
            ("mlp-table20", ArchitectureSpaces.Mlp(), InputShape.Vector(20), 2),
        };
        var models = new List<BenchModel>();
        for (var index = 0; index < specs.Length; index++)
        {
            var (name, space, input, outputs) = specs[index];
            var modelSeed = (seed * 1000) + index;
            var random = new Random(modelSeed);
            var point = Enumerable.Range(0, space.SearchSpace.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();
            var parameter = space.SearchSpace.SampleFromFeatureSpace(point);
            models.Add(new BenchModel(name, modelSeed, space.Describe(parameter, input, outputs), space.Summarize(parameter)));
        }

        return models;
    }

    private static double GeometricMean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? double.NaN : Math.Exp(list.Average(Math.Log));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record BenchModel(string Name, int Seed, NetworkDescription Description, string Summary);

    private sealed record CaseResult(string Name, int Batch, double LibTorchMilliseconds, double OrtMilliseconds, double OrtPlainMilliseconds, double MaxDifference, double FastestRunRatio)
    {
        public double Ratio => OrtMilliseconds / LibTorchMilliseconds;

        public double PlainRatio => OrtPlainMilliseconds / LibTorchMilliseconds;
    }

    private sealed record Settings(IReadOnlyList<int> Batches, int Rounds, int MaxRuns, double TargetMilliseconds, int Seed, string? KeepDirectory)
    {
        public static Settings? Parse(string[] args)
        {
            var settings = new Settings([1, 32], 3, 50, 500, 1, null);
            for (var index = 0; index < args.Length; index += 2)
            {
                if (index + 1 >= args.Length)
                {
                    Console.Error.WriteLine($"option {args[index]} needs a value");
                    return null;
                }

                var value = args[index + 1];
                switch (args[index])
                {
                    case "--batches": settings = settings with { Batches = [.. value.Split(',').Select(Positive)] }; break;
                    case "--rounds": settings = settings with { Rounds = Positive(value) }; break;
                    case "--runs": settings = settings with { MaxRuns = Math.Max(10, Positive(value)) }; break;
                    case "--target-ms": settings = settings with { TargetMilliseconds = Positive(value) }; break;
                    case "--seed": settings = settings with { Seed = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                    case "--keep": settings = settings with { KeepDirectory = value }; break;
                    default:
                        Console.Error.WriteLine($"unknown option {args[index]} (--batches 1,32 --rounds 3 --runs 50 --target-ms 500 --seed 1 --keep DIR)");
                        return null;
                }
            }

            return settings;
        }

        private static int Positive(string text)
        {
            var value = int.Parse(text, CultureInfo.InvariantCulture);
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, text);
            return value;
        }
    }
}
