using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Nas.Trainers;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Training;
using NasML.Benchmarks.Baselines;

namespace NasML.Benchmarks;

/// <summary>
/// <c>./build.sh bench fmnist [--minutes 30] [--max-latency-ms 1] [--max-params 250000] [--seed 1] [--out DIR]</c>: runs
/// the Fashion-MNIST sample on all 60,000 training images (<c>--train-size N</c> samples fewer, for development runs
/// with <c>--minutes</c>) with the time budget and the hardware constraints, then
/// trains two hand-designed baselines (<see cref="TwoConvolutionCnn"/>, <see cref="MobileNetV2Baseline"/> at width
/// 0.35) with the winner's recipe for the wall time of the winner's final training, evaluates all three on the 10,000
/// test images, and prints a table of test accuracy, latency (batch 1, one thread, measured here for all three in
/// alternation), parameters and MACs; then the sample's resident memory after trial 10 and after its last trial, and
/// the targets (accuracy ≥ 92.5%, not dominated by a baseline on accuracy and latency, memory growth under 10%).
/// </summary>
internal static class FashionMnistBenchmark
{
    private const double AccuracyTarget = 0.925;
    private const double RssGrowthTarget = 0.10;
    private const int RssTrial = 10;
    private const int LatencyRounds = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = 30.0;
        var maxLatency = 1.0;
        var maxParameters = 250_000L;
        var seed = 1;
        var trainSize = 60_000;
        int? searchSize = null;
        string? output = null;
        for (var index = 0; index < args.Length; index++)
        {
            var value = index + 1 < args.Length ? args[index + 1] : null;
            switch (args[index])
            {
                case "--minutes" when value is not null:
                    minutes = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--max-latency-ms" when value is not null:
                    maxLatency = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--max-params" when value is not null:
                    maxParameters = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--train-size" when value is not null:
                    trainSize = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--search-size" when value is not null:
                    searchSize = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--seed" when value is not null:
                    seed = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--out" when value is not null:
                    output = value;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"fmnist: unknown or incomplete option '{args[index]}'. Options: --minutes M --max-latency-ms L --max-params P --train-size N --search-size N --seed S --out DIR").ConfigureAwait(false);
                    return 2;
            }

            index++;
        }

        var sampleDll = FashionMnistSampleRun.FindSampleDll();
        if (sampleDll is null)
        {
            await Console.Error.WriteLineAsync("fmnist: the FashionMnistNas sample is not built next to this benchmark; run ./build.sh first.").ConfigureAwait(false);
            return 1;
        }

        output ??= Directory.CreateTempSubdirectory("nasml-fmnist-bench-").FullName;
        Directory.CreateDirectory(output);
        var seconds = (int)Math.Round(minutes * 60);
        Console.WriteLine(Invariant(
            $"fmnist: budget {seconds} s for the whole search run, latency <= {maxLatency} ms (batch 1, 1 thread), parameters <= {maxParameters:N0}; seed {seed}; {Environment.ProcessorCount} training threads; output in {output}"));

        // 1. The sample, as a user runs it.
        var sample = await FashionMnistSampleRun.RunAsync(sampleDll,
        [
            "--time", Invariant($"{seconds}"), "--max-latency-ms", Invariant($"{maxLatency}"), "--max-params", Invariant($"{maxParameters}"),
            "--train-size", Invariant($"{trainSize}"), "--seed", Invariant($"{seed}"), "--out", output,
            .. searchSize is { } size ? ["--search-size", Invariant($"{size}")] : Array.Empty<string>(),
        ]).ConfigureAwait(false);
        if (sample.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"fmnist: the sample failed with exit code {sample.ExitCode}.").ConfigureAwait(false);
            return 1;
        }

        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")).ConfigureAwait(false))!.AsObject();
        var searched = NetworkDescription.FromJson(report["network"]!.ToJsonString());
        var recipe = report["recipe"].Deserialize<TrainingRecipe>()!;
        var finalSeconds = report["finalTrainingSeconds"]!.GetValue<double>();
        var finalEpochs = report["finalTrainingEpochs"]!.GetValue<int>();
        Console.WriteLine(Invariant($"sample finished in {sample.Elapsed.TotalSeconds:F0} s; winner {report["architecture"]}; final training {finalEpochs} epochs in {finalSeconds:F0} s"));

        // 2. The baselines: the winner's recipe, the winner's final-training time, all 60,000 training images.
        TorchEngine.NumberOfThreads = Environment.ProcessorCount;
        var nas = new NasContext(seed);
        var train = nas.Data.LoadIdxImages(FashionMnistFiles.TrainImages, FashionMnistFiles.TrainLabels);
        var test = nas.Data.LoadIdxImages(FashionMnistFiles.TestImages, FashionMnistFiles.TestLabels);
        if (trainSize < train.Count)
        {
            train = train.Sample(trainSize, seed); // the sample's own subset: same method, same seed
        }

        var normalization = ImageNormalization.Fit(train.Images);
        using var trainSet = TensorDataset.FromImages(train.Images, train.Labels.ToArray(), normalization);
        using var testSet = TensorDataset.FromImages(test.Images, test.Labels.ToArray(), normalization);
        Console.WriteLine(Invariant($"baselines: the winner's recipe {Describe(recipe)}; {finalSeconds:F0} s of training each"));

        var rows = new List<Row>
        {
            new("searched", searched, report["testAccuracy"]!.GetValue<double>(), finalEpochs, finalSeconds, null),
        };
        foreach (var baseline in new[] { TwoConvolutionCnn.Create(), MobileNetV2Baseline.Create(0.35) })
        {
            var network = baseline.Describe(train.Shape, train.ClassCount);
            var perEpoch = BaselineTraining.SecondsPerEpoch(network, recipe, trainSet, seed);
            var (epochs, images) = BaselineTraining.PlanThatFits(finalSeconds, perEpoch, trainSet.Count, 10 * recipe.BatchSize);
            Console.WriteLine(Invariant(
                $"  {baseline.Name} ({baseline.Source}): about {perEpoch:F0} s per epoch -> {epochs} epoch(s){(images < trainSet.Count ? $" on {images} images (not even one epoch fits)" : string.Empty)}"));
            using var subset = images < trainSet.Count ? trainSet.Subset(DataSplit.StratifiedHoldout(train.Labels.ToArray(), (double)images / trainSet.Count, seed).Validation) : null;
            var run = BaselineTraining.Train(network, recipe, epochs, subset ?? trainSet, testSet, seed, epoch =>
                Console.WriteLine(Invariant($"    epoch {epoch.Epoch}/{epoch.Epochs}  training loss {epoch.TrainingLoss:F4}  {epoch.Elapsed.TotalSeconds:F0} s")));
            rows.Add(new(baseline.Name, network, run.TestAccuracy, run.Epochs, run.TrainingSeconds, subset?.Count));
        }

        // 3. Latency of all three, measured here in alternation so that the machine's drift hits them alike.
        var measurer = new LatencyMeasurer(new MeasuredLatencyOptions());
        var rounds = rows.Select(_ => new List<LatencyMeasurement>()).ToArray();
        for (var round = 0; round < LatencyRounds; round++)
        {
            for (var index = 0; index < rows.Count; index++)
            {
                rounds[index].Add(measurer.Measure(rows[index].Network));
            }
        }

        var latencies = rounds.Select(measurements => Median([.. measurements.Select(measurement => measurement.MedianMilliseconds)])).ToArray();
        var minima = rounds.Select(measurements => measurements.Min(measurement => measurement.MinimumMilliseconds)).ToArray();
        PrintTable(rows, latencies, minima, measurer.Options.MeasuredRuns, report["latencyMilliseconds"]?.GetValue<double>());
        PrintTargets(rows, latencies, sample, new Budgets(seconds, maxLatency, maxParameters, report["latencyMilliseconds"]?.GetValue<double>()));
        return 0;
    }

    private static void PrintTable(List<Row> rows, double[] latencies, double[] minima, int runs, double? searchLatency)
    {
        Console.WriteLine();
        Console.WriteLine("| model | test accuracy | latency ms (batch 1, 1 thread) | fastest run ms | parameters | MACs | epochs | training s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index];
            Console.WriteLine(Invariant(
                $"| {row.Name} | {row.TestAccuracy:F4} | {latencies[index]:F3} | {minima[index]:F3} | {row.Network.Parameters:N0} | {row.Network.Macs:N0} | {row.Epochs}{(row.Images is { } images ? $" on {images} images" : string.Empty)} | {row.TrainingSeconds:F0} |"));
        }

        if (searchLatency is { } measured)
        {
            Console.WriteLine(Invariant($"(latency: median of {LatencyRounds} alternating rounds of the median of {runs} runs; the search measured the winner at {measured:F3} ms)"));
        }
    }

    private static void PrintTargets(List<Row> rows, double[] latencies, FashionMnistSampleRun sample, Budgets budgets)
    {
        var rss = sample.RssAfterTrial;
        (int TrialId, double Megabytes)? atTrial = rss.Count >= RssTrial ? rss[RssTrial - 1] : null;
        (int TrialId, double Megabytes)? atLast = rss.Count > 0 ? rss[^1] : null;
        Console.WriteLine();
        Console.WriteLine(atTrial is { } ten
            ? Invariant($"rss_mb after trial {RssTrial} (id {ten.TrialId}): {ten.Megabytes:F1}")
            : Invariant($"rss_mb after trial {RssTrial}: n/a (the search finished {rss.Count} trials)"));
        Console.WriteLine(atLast is { } last ? Invariant($"rss_mb after last trial ({rss.Count}, id {last.TrialId}): {last.Megabytes:F1}") : "rss_mb after last trial: n/a");
        double? growth = atTrial is { } first && atLast is { } final ? (final.Megabytes / first.Megabytes) - 1 : null;
        Console.WriteLine(growth is { } g ? Invariant($"rss growth: {g:P1}") : "rss growth: n/a");

        Console.WriteLine();
        Console.WriteLine("targets:");
        var searched = rows[0];
        Console.WriteLine(Invariant($"  {Mark(searched.TestAccuracy >= AccuracyTarget)} searched model's test accuracy {searched.TestAccuracy:P2} >= {AccuracyTarget:P1}"));
        Console.WriteLine(Invariant(
            $"  {Mark(sample.Elapsed.TotalSeconds <= budgets.Seconds)} the sample's whole run (search, final training, test) {sample.Elapsed.TotalSeconds:F0} s <= its time budget {budgets.Seconds} s"));
        Console.WriteLine(Invariant(
            $"  {Mark(searched.Network.Parameters <= budgets.MaxParameters)} searched model's parameters {searched.Network.Parameters:N0} <= {budgets.MaxParameters:N0}"));
        Console.WriteLine(budgets.SearchLatency is { } searchLatency
            ? Invariant($"  {Mark(searchLatency <= budgets.MaxLatency)} searched model's latency as the search measured it {searchLatency:F3} ms <= {budgets.MaxLatency} ms (this run's re-measurement: {latencies[0]:F3} ms)")
            : "  ? the report has no latency");
        for (var index = 1; index < rows.Count; index++)
        {
            var baseline = rows[index];
            var dominated = baseline.TestAccuracy >= searched.TestAccuracy && latencies[index] <= latencies[0]
                && (baseline.TestAccuracy > searched.TestAccuracy || latencies[index] < latencies[0]);
            Console.WriteLine(Invariant(
                $"  {Mark(!dominated)} not dominated by {baseline.Name} (accuracy {baseline.TestAccuracy:P2} vs {searched.TestAccuracy:P2}, latency {latencies[index]:F3} vs {latencies[0]:F3} ms)"));
        }

        Console.WriteLine(growth is { } change
            ? Invariant($"  {Mark(change < RssGrowthTarget)} resident memory growth from trial {RssTrial} to the last trial {change:P1} < {RssGrowthTarget:P0}")
            : Invariant($"  ? resident memory growth not measured: fewer than {RssTrial} trials"));
    }

    private static string Describe(TrainingRecipe recipe) => Invariant(
        $"({recipe.Optimizer}, learning rate {recipe.LearningRate:G3}, weight decay {recipe.WeightDecay:G3}, batch {recipe.BatchSize}, label smoothing {recipe.LabelSmoothing:G3}, augmentation {(recipe.Augmentation is null ? "off" : "crop+flip")}, {recipe.Schedule})");

    private static string Mark(bool passed) => passed ? "✓" : "✗";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Budgets(int Seconds, double MaxLatency, long MaxParameters, double? SearchLatency);

    private sealed record Row(string Name, NetworkDescription Network, double TestAccuracy, int Epochs, double TrainingSeconds, int? Images);
}
