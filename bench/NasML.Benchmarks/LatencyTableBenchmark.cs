using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Costs;

namespace NasML.Benchmarks;

/// <summary>
/// <c>./build.sh bench latency-table</c>: how well a latency lookup table predicts measured latency. Builds the table
/// for the MobileNet space at 28×28×1 with 10 outputs (batch 1, one libtorch thread) on this machine, then for 50
/// seeded random architectures measures each whole network and compares with the table's prediction. Prints one row
/// per architecture and the summary lines: table build time and size, mean absolute percentage error, Pearson
/// correlation, Kendall's tau-b of the prediction (and, for comparison, of the MACs) against the measurement.
/// Options: <c>--architectures N</c> (50), <c>--seed S</c> (1), <c>--warmup N</c> (5), <c>--runs N</c> (30),
/// <c>--patience N</c> (200), <c>--statistic median|minimum</c> (median).
/// </summary>
internal static class LatencyTableBenchmark
{
    public static int Run(string[] args)
    {
        var architectures = 50;
        var seed = 1;
        var measurement = new MeasuredLatencyOptions();
        var patience = new LatencyTableOptions().Patience;
        for (var index = 0; index + 1 < args.Length; index += 2)
        {
            if (args[index] == "--statistic")
            {
                measurement = measurement with { Statistic = Enum.Parse<LatencyStatistic>(args[index + 1], ignoreCase: true) };
                continue;
            }

            var value = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
            switch (args[index])
            {
                case "--architectures": architectures = value; break;
                case "--seed": seed = value; break;
                case "--warmup": measurement = measurement with { WarmupRuns = value }; break;
                case "--runs": measurement = measurement with { MeasuredRuns = value }; break;
                case "--patience": patience = value; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[index]}");
                    return 2;
            }
        }

        var space = ArchitectureSpaces.MobileNet();
        var input = InputShape.Image(1, 28, 28);
        const int Outputs = 10;
        var options = new LatencyTableOptions { Measurement = measurement, Seed = seed, Patience = patience };
        Console.WriteLine(Invariant(
            $"latency-table: MobileNet space, input {input}, {Outputs} outputs, batch {measurement.BatchSize}, {measurement.Threads} thread(s), warm-up {measurement.WarmupRuns}, timed runs {measurement.MeasuredRuns}, statistic {measurement.Statistic}, {Environment.ProcessorCount} processors"));

        var enumerationWatch = Stopwatch.StartNew();
        var keys = LatencyLookupTable.EnumerateTerms(space, input, Outputs, options).Count;
        enumerationWatch.Stop();
        var buildWatch = Stopwatch.StartNew();
        var table = LatencyLookupTable.Build(space, input, Outputs, options);
        buildWatch.Stop();
        Console.WriteLine(Invariant(
            $"table: {table.Entries.Count} entries ({keys} found by enumeration in {enumerationWatch.Elapsed.TotalSeconds:F1} s), overhead {table.OverheadMilliseconds:F4} ms"));

        var measurer = new LatencyMeasurer(measurement);
        var random = new Random(seed + 1000);
        var measured = new List<double>(architectures);
        var predicted = new List<double>(architectures);
        var macs = new List<double>(architectures);
        Console.WriteLine();
        Console.WriteLine("| # | MMACs | measured ms | predicted ms | error % | architecture |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | --- |");
        for (var sample = 0; sample < architectures; sample++)
        {
            var (parameter, description) = RandomArchitecture.Draw(space, random, input, Outputs);
            var actual = measurer.Measure(description).Milliseconds(measurement.Statistic);
            var prediction = table.Predict(description);
            measured.Add(actual);
            predicted.Add(prediction);
            macs.Add(description.Macs);
            Console.WriteLine(Invariant(
                $"| {sample + 1} | {description.Macs / 1e6:F2} | {actual:F3} | {prediction:F3} | {100 * (prediction - actual) / actual:+0.0;-0.0} | {space.Summarize(parameter)} |"));
        }

        Console.WriteLine();
        var mape = measured.Zip(predicted, (actual, prediction) => Math.Abs(prediction - actual) / actual).Average();
        Console.WriteLine(Invariant($"table_build_seconds {buildWatch.Elapsed.TotalSeconds:F1}"));
        Console.WriteLine(Invariant($"table_entries {table.Entries.Count}"));
        Console.WriteLine(Invariant($"mape_percent {100 * mape:F2}"));
        Console.WriteLine(Invariant($"pearson {Correlation.Pearson(measured, predicted):F4}"));
        Console.WriteLine(Invariant($"kendall_tau {Correlation.KendallTauB(measured, predicted):F4}"));
        Console.WriteLine(Invariant($"kendall_tau_macs {Correlation.KendallTauB(measured, macs):F4}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
