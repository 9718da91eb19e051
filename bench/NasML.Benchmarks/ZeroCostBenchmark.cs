using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Nas.Trainers;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Proxies;
using Microsoft.ML.Nas.Trainers.Training;

namespace NasML.Benchmarks;

/// <summary>
/// <c>./build.sh bench zero-cost</c>: how well zero-cost proxies rank architectures by the accuracy they reach when
/// trained. Draws seeded random architectures of the ResNet space (or <c>--space mobilenet</c>), scores each untrained
/// network with grad_norm, SNIP and SynFlow on one mini-batch, then trains it briefly on a stratified sample of
/// Fashion-MNIST training images and measures its accuracy on a held-out part of the same sample (the test set is not
/// used). Prints one row per architecture and Kendall's tau-b and Spearman's rho of each proxy, of the parameter count
/// and of the MACs against that accuracy, then Kendall's tau-b over the pairs of similar size only (parameter counts
/// within 1.5x), and the time a score takes next to the time a training takes.
/// </summary>
internal static class ZeroCostBenchmark
{
    private const double SimilarSizeRatio = 1.5;
    private static readonly ZeroCostProxy[] s_proxies = [ZeroCostProxy.GradNorm, ZeroCostProxy.Snip, ZeroCostProxy.SynFlow];

    public static int Run(string[] args)
    {
        var architectures = 16;
        var seed = 1;
        var trainSize = 6_000;
        var validationSize = 2_000;
        var epochs = 2;
        var spaceName = "resnet";
        for (var index = 0; index + 1 < args.Length; index += 2)
        {
            var value = args[index + 1];
            switch (args[index])
            {
                case "--architectures": architectures = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--train-size": trainSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--validation-size": validationSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--space": spaceName = value; break;
                default:
                    Console.Error.WriteLine($"zero-cost: unknown option {args[index]}. Options: --architectures N --seed S --train-size N --validation-size N --epochs N --space resnet|mobilenet");
                    return 2;
            }
        }

        IArchitectureSpace space = spaceName switch
        {
            "resnet" => ArchitectureSpaces.ResNet(),
            "mobilenet" => ArchitectureSpaces.MobileNet(),
            _ => throw new ArgumentException($"zero-cost: unknown space '{spaceName}' (resnet, mobilenet)."),
        };

        TorchEngine.NumberOfThreads = Environment.ProcessorCount;
        var nas = new NasContext(seed);
        var images = nas.Data.LoadIdxImages(FashionMnistFiles.TrainImages, FashionMnistFiles.TrainLabels)
            .Sample(trainSize + validationSize, seed);
        var labels = images.Labels.ToArray();
        var split = DataSplit.StratifiedHoldout(labels, (double)validationSize / images.Count, seed);
        using var all = TensorDataset.FromImages(images.Images, labels, ImageNormalization.Fit(images.Images));
        using var train = all.Subset(split.Train);
        using var validation = all.Subset(split.Validation);
        using var scorer = new ZeroCostScorer(train, seed: seed);
        var trainer = new CandidateTrainer(new CandidateTrainerOptions { Seed = seed });
        var recipe = new TrainingRecipe { Epochs = epochs };
        Console.WriteLine(Invariant(
            $"zero-cost: {space.Name} space, {architectures} seeded architectures; proxies on one batch of {scorer.BatchSize}; each trained {epochs} epoch(s) on {train.Count} Fashion-MNIST training images (SGD defaults), accuracy on {validation.Count} held-out training images; {Environment.ProcessorCount} threads"));
        Console.WriteLine();
        Console.WriteLine("| # | grad_norm | snip | synflow | parameters | MACs | accuracy | score ms | train s | architecture |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");

        var columns = new Dictionary<string, List<double>>(StringComparer.Ordinal)
        {
            ["grad_norm"] = [], ["snip"] = [], ["synflow"] = [], ["params"] = [], ["macs"] = [],
        };
        var accuracies = new List<double>();
        var scoreSeconds = 0.0;
        var trainSeconds = 0.0;
        var diverged = 0;
        for (var index = 0; index < architectures; index++)
        {
            var (parameter, description) = RandomArchitecture.Draw(space, new Random((seed * 7919) + index), InputShape.Image(1, 28, 28), 10);

            var watch = Stopwatch.StartNew();
            var scores = scorer.Score(description, s_proxies);
            watch.Stop();
            var scoreTime = watch.Elapsed.TotalSeconds;

            watch.Restart();
            double accuracy;
            using (var module = trainer.CreateModule(description.Build))
            {
                trainer.Train(module, recipe, train, validation: null, epochCompleted: null, maxEpochs: null, CancellationToken.None);
                // A training that diverged has non-finite outputs and no classification metrics: it counts as accuracy 0.
                var metrics = trainer.Evaluate(module, validation).Classification;
                diverged += metrics is null ? 1 : 0;
                accuracy = metrics?.Accuracy ?? 0;
            }

            watch.Stop();
            TorchEngine.ReleaseFreeMemory();
            scoreSeconds += scoreTime;
            trainSeconds += watch.Elapsed.TotalSeconds;
            columns["grad_norm"].Add(scores[0]);
            columns["snip"].Add(scores[1]);
            columns["synflow"].Add(scores[2]);
            columns["params"].Add(description.Parameters);
            columns["macs"].Add(description.Macs);
            accuracies.Add(accuracy);
            Console.WriteLine(Invariant(
                $"| {index + 1} | {scores[0]:G4} | {scores[1]:G4} | {scores[2]:G4} | {description.Parameters:N0} | {description.Macs:N0} | {accuracy:F4} | {1000 * scoreTime:F0} | {watch.Elapsed.TotalSeconds:F1} | {space.Summarize(parameter)} |"));
        }

        Console.WriteLine();
        Console.WriteLine("(rank correlation with the trained accuracy; higher is better, 0 is no better than chance)");
        foreach (var (name, values) in columns)
        {
            Console.WriteLine(Invariant($"kendall_tau_{name} {Correlation.KendallTauB(values, accuracies):F4}"));
            Console.WriteLine(Invariant($"spearman_{name} {Correlation.Spearman(values, accuracies):F4}"));
        }

        // Where a parameter limit already fixes the size, what matters is ranking networks of similar size.
        var parameters = columns["params"];
        bool SimilarSize(int i, int j) => Math.Max(parameters[i], parameters[j]) <= SimilarSizeRatio * Math.Min(parameters[i], parameters[j]);
        var pairs = Enumerable.Range(0, architectures).Sum(i => Enumerable.Range(i + 1, architectures - i - 1).Count(j => SimilarSize(i, j)));
        Console.WriteLine(Invariant($"(pairs of similar size, parameter counts within {SimilarSizeRatio}x of each other: {pairs})"));
        foreach (var (name, values) in columns)
        {
            Console.WriteLine(Invariant($"kendall_tau_similar_size_{name} {Correlation.KendallTauB(values, accuracies, SimilarSize):F4}"));
        }

        Console.WriteLine(Invariant($"diverged_trainings {diverged} (counted as accuracy 0)"));
        Console.WriteLine(Invariant($"mean_score_ms {1000 * scoreSeconds / architectures:F1}"));
        Console.WriteLine(Invariant($"mean_train_s {trainSeconds / architectures:F1}"));
        Console.WriteLine(Invariant($"train_over_score {trainSeconds / scoreSeconds:F0}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
