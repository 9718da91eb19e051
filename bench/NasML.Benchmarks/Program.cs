// NasML benchmarks: programs that print measurements. Usage: dotnet run -c Release --project bench/NasML.Benchmarks -- <case> [options]
// Each case lives in its own file; add a line to the switch below for a new case.
using NasML.Benchmarks;

var name = args.Length > 0 ? args[0] : string.Empty;
var rest = args.Length > 0 ? args[1..] : [];
switch (name)
{
    case "tuner-overhead":
        return await TunerOverheadBenchmark.RunAsync(rest);
    case "throughput":
        return ThroughputBenchmark.Run(rest);
    case "latency-table":
        return LatencyTableBenchmark.Run(rest);
    case "onnx":
        return OnnxLatencyBenchmark.Run(rest);
    case "fmnist":
        return await FashionMnistBenchmark.RunAsync(rest);
    case "zero-cost":
        return ZeroCostBenchmark.Run(rest);
    default:
        Console.Error.WriteLine("usage: NasML.Benchmarks <case> [options]");
        Console.Error.WriteLine("cases:");
        Console.Error.WriteLine("  tuner-overhead [--trials 1000,10000] [--tuners random,grid,...]   proposal + store time per trial");
        Console.Error.WriteLine("  throughput                                                       training throughput, NasML vs PyTorch");
        Console.Error.WriteLine("  onnx [--batches 1,32] [--rounds 3] [--runs 50] [--target-ms 500]   inference latency, ONNX Runtime vs libtorch");
        Console.Error.WriteLine("  zero-cost [--architectures 16] [--epochs 2] [--space resnet]       zero-cost proxies' rank correlation with trained accuracy");
        Console.Error.WriteLine("  fmnist [--minutes 30] [--max-latency-ms 1] [--max-params 250000]   the sample's search vs two baselines: accuracy, latency, memory");
        return string.IsNullOrEmpty(name) ? 0 : 2;
}
