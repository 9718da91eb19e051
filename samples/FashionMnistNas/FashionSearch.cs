using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Onnx;

namespace FashionMnistNas;

/// <summary>The whole search: load, search, retrain, test, report.</summary>
internal static class FashionSearch
{
    /// <summary>The default time budget of the whole run in seconds: with loading and testing, about nine and a half minutes.</summary>
    private const int DefaultSeconds = 540;

    private static readonly string[] s_classNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static async Task<int> RunAsync(SearchSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();

        // libtorch sizes its thread pool from the physical cores it detects, which can be one on a virtual machine:
        // train on every core. Latency is still measured on one thread (the constraint's setting).
        TorchEngine.NumberOfThreads = Environment.ProcessorCount;
        var nas = new NasContext(settings.Seed);
        var train = nas.Data.LoadIdxImages(DataFile(settings, "train-images-idx3-ubyte.gz"), DataFile(settings, "train-labels-idx1-ubyte.gz"), s_classNames);
        var test = nas.Data.LoadIdxImages(DataFile(settings, "t10k-images-idx3-ubyte.gz"), DataFile(settings, "t10k-labels-idx1-ubyte.gz"), s_classNames);
        var trainSize = Math.Min(settings.TrainSize ?? (settings.Quick ? 3000 : train.Count), train.Count);
        if (trainSize < train.Count)
        {
            train = train.Sample(trainSize, settings.Seed);
        }

        if (settings.Quick)
        {
            test = test.Sample(2000, settings.Seed);
        }

        var constraints = HardwareConstraints.MaxParameters(settings.MaxParameters ?? 250_000);
        if (settings.MaxLatencyMilliseconds is { } latency)
        {
            constraints = constraints.AndMaxLatency(TimeSpan.FromMilliseconds(latency));
        }

        var options = new NeuralArchitectureOptions
        {
            SearchSpace = settings.Quick ? FashionSpaces.QuickArchitectures() : FashionSpaces.Architectures(),
            RecipeSpace = settings.Quick ? FashionSpaces.QuickRecipes() : FashionSpaces.Recipes(),
            Constraints = constraints,
            TestData = test,
            MaxSearchSamples = settings.SearchSize ?? (settings.Quick ? null : FashionSpaces.SearchSamples),
            MaxEpochs = settings.Quick ? FashionSpaces.QuickTrialEpochs : FashionSpaces.TrialEpochs,
            FinalTrainingEpochs = settings.Quick ? FashionSpaces.QuickTrialEpochs : FashionSpaces.FinalEpochs,
            FinalTrainingTimeFraction = settings.Quick ? 0.3 : FashionSpaces.FinalTimeFraction,
        };
        var time = settings.TimeSeconds ?? (settings.Quick ? 60 : DefaultSeconds);
        var experiment = nas.Auto().NeuralArchitecture(train, options)
            .SetTrainingTimeInSeconds(time)
            .SetMonitor(new ConsoleMonitor())
            .SetProgress(Print);
        if ((settings.MaxTrials ?? (settings.Quick ? 3 : null)) is { } maxTrials)
        {
            experiment.SetMaxTrials(maxTrials);
        }

        if (settings.Checkpoint is { } checkpoint)
        {
            experiment.SetCheckpoint(checkpoint);
        }

        Console.WriteLine(Invariant(
            $"Searching {options.SearchSpace.Name} × training recipes on {train.Count} Fashion-MNIST images ({test.Count} test images held back); trials see {(options.MaxSearchSamples is { } searchSamples && searchSamples < train.Count ? $"a sample of {searchSamples}" : "all of them")}; budget {time} s including the final training; constraints {constraints}; {TorchEngine.NumberOfThreads} training threads."));
        NeuralArchitectureResult result;
        try
        {
            result = await experiment.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InfeasibleConstraintsException error)
        {
            await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            return 2;
        }

        using (result)
        {
            PrintLeaderboard(result);
            Console.WriteLine(Invariant($"Best architecture: {result.Architecture}"));
            Console.WriteLine(Invariant($"Recipe: {result.Recipe.Optimizer}, learning rate {result.Recipe.LearningRate:G3}, weight decay {result.Recipe.WeightDecay:G3}, label smoothing {result.Recipe.LabelSmoothing:F3}, dropout {result.Recipe.Dropout:F3}, batch {result.Recipe.BatchSize}"));
            Console.WriteLine(Invariant(
                $"Parameters {result.Description.Parameters:N0}, MACs {result.Description.Macs:N0}, latency {result.LatencyMilliseconds:F3} ms (batch 1, 1 thread)"));
            Console.WriteLine(Invariant($"Search: trials trained on {result.SearchTrainingSamples} images and were validated on {result.SearchValidationSamples}"));
            Console.WriteLine(Invariant($"Final training: {result.FinalTrainingEpochs} epochs on {result.FinalTrainingSamples} images in {result.FinalTrainingTime.TotalSeconds:F0} s"));
            Console.WriteLine(Invariant($"Test accuracy {result.TestMetrics!.Accuracy:F4} (macro F1 {result.TestMetrics.MacroF1:F4}) on {result.TestMetrics.Count} images; total time {clock.Elapsed.TotalSeconds:F0} s"));
            if (settings.OutputFolder is { } folder)
            {
                Directory.CreateDirectory(folder);
                result.BestModel.Save(Path.Combine(folder, "model.nasml"));
                await File.WriteAllTextAsync(Path.Combine(folder, "report.json"), result.ToReportJson(), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(Invariant($"Wrote {Path.Combine(folder, "model.nasml")} and {Path.Combine(folder, "report.json")}"));
            }

            if (settings.OnnxPath is { } onnx)
            {
                var onnxFolder = Path.GetDirectoryName(Path.GetFullPath(onnx));
                if (!string.IsNullOrEmpty(onnxFolder))
                {
                    Directory.CreateDirectory(onnxFolder);
                }

                result.BestModel.ExportOnnx(onnx);
                Console.WriteLine(Invariant($"Wrote {onnx} (input: raw 0-255 pixels [N, 1, 28, 28]; outputs: logits and probabilities)"));
            }
        }

        return 0;
    }

    private static void Print(NeuralArchitectureProgress progress)
    {
        var phase = progress.Phase == NeuralArchitecturePhase.Search ? Invariant($"trial {progress.TrialId}") : "final training";
        var validation = progress.ValidationAccuracy is { } accuracy ? Invariant($"  validation accuracy {accuracy:F4}") : string.Empty;
        var best = progress.BestValidationAccuracy is { } value ? Invariant($"  best so far {value:F4}") : string.Empty;
        Console.WriteLine(Invariant($"{phase}  epoch {progress.Epoch}/{progress.Epochs}  training loss {progress.TrainingLoss:F4}{validation}{best}"));
    }

    private static void PrintLeaderboard(NeuralArchitectureResult result)
    {
        Console.WriteLine();
        Console.WriteLine("Leaderboard");
        Console.WriteLine(" trial  status     val acc   params      MACs        latency ms  architecture");
        foreach (var entry in result.Leaderboard)
        {
            Console.WriteLine(Invariant(
                $" {entry.TrialId,5}  {entry.Status,-9}  {entry.ValidationAccuracy,7:F4}  {entry.Parameters,9:N0}  {entry.Macs,11:N0}  {entry.LatencyMilliseconds,10:F3}  {entry.Architecture}"));
        }

        Console.WriteLine();
    }

    private static string DataFile(SearchSettings settings, string name) => Path.Combine(settings.DataFolder, name);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
