using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Trainers;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

namespace FashionMnistNas;

/// <summary>The whole search: load, search, retrain, test, report.</summary>
internal static class FashionSearch
{
    private static readonly string[] s_classNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static async Task<int> RunAsync(SearchSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nas = new NasContext(settings.Seed);
        var train = nas.Data.LoadIdxImages(DataFile(settings, "train-images-idx3-ubyte.gz"), DataFile(settings, "train-labels-idx1-ubyte.gz"), s_classNames);
        var test = nas.Data.LoadIdxImages(DataFile(settings, "t10k-images-idx3-ubyte.gz"), DataFile(settings, "t10k-labels-idx1-ubyte.gz"), s_classNames);
        if (settings.Quick)
        {
            train = train.Sample(3000, settings.Seed);
            test = test.Sample(2000, settings.Seed);
        }
        else
        {
            train = train.Sample(8_000, settings.Seed);
        }

        var constraints = HardwareConstraints.MaxParameters(settings.MaxParameters ?? 250_000);
        if (settings.MaxLatencyMilliseconds is { } latency)
        {
            constraints = constraints.AndMaxLatency(TimeSpan.FromMilliseconds(latency));
        }

        var options = new NeuralArchitectureOptions
        {
            SearchSpace = settings.Quick ? QuickSpace() : FashionSpace(),
            RecipeSpace = settings.Quick ? QuickRecipes() : FashionRecipes(),
            Constraints = constraints,
            TestData = test,
            MaxEpochs = settings.Quick ? 3 : 4,
        };
        var time = settings.TimeSeconds ?? (settings.Quick ? 60 : 300);
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
            $"Searching {options.SearchSpace.Name} × training recipes on {train.Count} Fashion-MNIST images ({test.Count} test images held back); budget {time} s; constraints {constraints}."));
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
            Console.WriteLine(Invariant(
                $"Parameters {result.Description.Parameters:N0}, MACs {result.Description.Macs:N0}, latency {result.LatencyMilliseconds:F3} ms (batch 1, 1 thread)"));
            Console.WriteLine(Invariant($"Test accuracy {result.TestMetrics!.Accuracy:F4} (macro F1 {result.TestMetrics.MacroF1:F4}) on {result.TestMetrics.Count} images; total time {clock.Elapsed.TotalSeconds:F0} s"));
            if (settings.OutputFolder is { } folder)
            {
                Directory.CreateDirectory(folder);
                result.BestModel.Save(Path.Combine(folder, "model.nasml"));
                await File.WriteAllTextAsync(Path.Combine(folder, "report.json"), result.ToReportJson(), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(Invariant($"Wrote {Path.Combine(folder, "model.nasml")} and {Path.Combine(folder, "report.json")}"));
            }
        }

        return 0;
    }

    /// <summary>MobileNet blocks sized for 28×28 inputs: the stem halves the image, so two stages reach 7×7.</summary>
    private static MobileNetSpace FashionSpace() => ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions
    {
        StemStride = 2,
        StageChannels = [16, 24, 40, 64],
        StageStrides = [1, 2, 2, 1],
        DepthChoices = [1, 2],
        HeadChannels = 128,
    });

    private static MobileNetSpace QuickSpace() => ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions
    {
        StemStride = 2,
        StageChannels = [16, 24, 32, 48],
        DepthChoices = [1],
        KernelChoices = [3, 5],
        ExpansionChoices = [1, 3],
        WidthMultipliers = [0.5, 1.0],
        HeadChannels = 64,
    });

    private static TrainingRecipeSpace FashionRecipes() => new()
    {
        Defaults = new TrainingRecipe { Optimizer = OptimizerKind.Adam, BatchSize = 128 },
        Optimizers = [OptimizerChoice.Adam, OptimizerChoice.AdamW, OptimizerChoice.Sgd],
        Epochs = new IntegerSearchRange(2, 4),
        BatchSizes = [64, 128],
        SearchAugmentation = false,
    };

    private static TrainingRecipeSpace QuickRecipes() => new()
    {
        Defaults = new TrainingRecipe { Optimizer = OptimizerKind.Adam, Epochs = 3, BatchSize = 64, Augmentation = null },
        Optimizers = [new OptimizerChoice(OptimizerKind.Adam, new SearchRange(1e-3, 5e-3))],
        Epochs = null,
        BatchSizes = null,
        SearchAugmentation = false,
    };

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
