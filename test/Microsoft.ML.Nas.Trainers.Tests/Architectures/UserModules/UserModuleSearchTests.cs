using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.EndToEnd;
using Microsoft.ML.Nas.Trainers.Tests.Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures.UserModules;

/// <summary>
/// Searches with user-written TorchSharp modules on a Fashion-MNIST subset, end to end: the winner trains, exports to
/// ONNX through a converter the user registers (checked in ONNX Runtime), saves and loads as a NasModel with its
/// factory, and saves and loads with TorchSharp's own <c>save</c>/<c>load</c>.
/// </summary>
[Collection(EndToEndData.CollectionName)]
public sealed class UserModuleSearchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-user-modules-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RunAsync_ComposedSpaceWithAUserBlock_WinnerTrainsExportsSavesAndLoads()
    {
        var gated = Layers.Module("gated_conv", "width", ValueChoice.Of(8, 12), (input, width) => new GatedConv(input.Channels, width));
        var space = new ComposedArchitectureSpace("user-blocks")
        {
            Layers.ConvBnAct(8, stride: 2),
            { "mixed", Layers.Choice(gated, Layers.InvertedResidual(8, expansion: 2), Layers.BasicBlock(8)) }, // the user block next to bundled ones
            { "forced", gated },                                                                                // the only choice: every winner has it
            Layers.Classifier(),
        };
        var checkpoint = Path.Combine(_directory, "search.sqlite");
        NeuralArchitectureExperiment Experiment(int trials) => new NasContext(seed: 3).Auto().NeuralArchitecture(EndToEndData.Train, new NeuralArchitectureOptions
        {
            SearchSpace = space,
            RecipeSpace = EndToEndData.QuickRecipes(),
            Constraints = HardwareConstraints.MaxLatency(TimeSpan.FromSeconds(10)), // measured latency of every candidate
            MaxEpochs = 3,
        })
            .SetMaxTrials(trials)
            .SetCheckpoint(checkpoint);

        using (var first = await Experiment(1).RunAsync())
        {
            Assert.Single(first.Search.Trials);
        }

        using var result = await Experiment(2).RunAsync(); // resumes from the checkpoint

        Assert.Equal(2, result.Search.Trials.Count);
        foreach (var entry in result.Leaderboard)
        {
            output.WriteLine($"{entry.TrialId}: {entry.Architecture} -> {entry.ValidationAccuracy} after {entry.Epochs} epochs, {entry.Status}");
        }

        var user = result.Description.Nodes.OfType<ModuleNode>().ToList();
        Assert.Contains(user, node => node.Name == "gated_conv");
        Assert.True(result.LatencyMilliseconds > 0);
        Assert.Equal(result.Description.Parameters, (long)result.Costs[CostNames.Parameters]);
        Assert.True(result.ValidationAccuracy > 0.3, $"validation accuracy {result.ValidationAccuracy}");
        var model = result.BestModel;

        // ONNX: fails naming the module type without a converter, matches ONNX Runtime with the user's converter.
        var onnx = Path.Combine(_directory, "winner.onnx");
        var missing = Assert.Throws<OnnxExportException>(() => model.ExportOnnx(onnx));
        Assert.Contains(nameof(GatedConv), missing.Message, StringComparison.Ordinal);
        Assert.Contains($"OnnxConverterRegistry.Default.With<{nameof(GatedConv)}>", missing.Message, StringComparison.Ordinal);
        model.ExportOnnx(onnx, model.CreateOnnxExportOptions() with { Converters = OnnxConverterRegistry.Default.With<GatedConv>(GatedConv.ExportOnnx) });
        var batch = OnnxTestData.FashionBatch(0, 17);
        var run = OnnxRuntimeRunner.Run([new OnnxRunCase("winner", onnx, batch.Raw, [17, 1, 28, 28])], _directory)["winner"];
        Assert.Null(run.Error);
        var difference = OnnxVerifier.MaxAbsoluteDifference(model.PredictProbabilities(batch.Raw).SelectMany(row => row).ToArray(), run.Outputs[OnnxExporter.ProbabilitiesName].Values);
        output.WriteLine($"max |ONNX Runtime − NasModel| = {difference:E2}");
        Assert.True(difference <= OnnxVerifier.Tolerance, $"max |ONNX Runtime − NasModel| = {difference}");

        // NasModel: loading needs the factory, and names the module without it.
        var saved = Path.Combine(_directory, "winner.nasml");
        model.Save(saved);
        var expected = model.PredictLabels(EndToEndData.Test.Images);
        using (var loaded = NasModel.Load(saved, gated.Factories))
        {
            Assert.Equal(expected, loaded.PredictLabels(EndToEndData.Test.Images));
        }

        var withoutFactory = Assert.Throws<InvalidDataException>(() => NasContext.LoadModel(saved));
        Assert.Contains("user module 'gated_conv'", withoutFactory.Message, StringComparison.Ordinal);

        // TorchSharp's own save and load, into a fresh instance built from the description, then more training.
        var weights = Path.Combine(_directory, "winner.dat");
        model.Module.save(weights);
        using var fresh = NetworkDescription.FromJson(model.ArchitectureJson, gated.Factories).Build();
        fresh.load(weights);
        fresh.eval();
        model.Module.eval();
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var input = torch.randn(5, 1, 28, 28);
            Assert.True(fresh.call(input).allclose(model.Module.call(input)), "TorchSharp's load restores the same outputs");
        }

        KeepTraining(fresh);
    }

    [Fact]
    public async Task RunAsync_SpaceOfWholeUserNetworks_SearchesTrainsAndLoadsTheWinner()
    {
        var space = ArchitectureSpaces.FromFactory(
            "tiny-conv-net",
            new SearchSpace { ["width"] = new ChoiceOption(4, 8) },
            (parameter, input, outputs) => new TinyConvNet(input, parameter["width"].AsType<int>(), outputs));
        var experiment = new NasContext(seed: 5).Auto().NeuralArchitecture(EndToEndData.Train.Sample(600, seed: 5), new NeuralArchitectureOptions
        {
            SearchSpace = space,
            RecipeSpace = EndToEndData.QuickRecipes() with { Dropout = null }, // no NasML head to put a recipe dropout in
            Constraints = HardwareConstraints.MaxParameters(100_000),
            MaxEpochs = 2,
        })
            .SetMaxTrials(2);

        using var result = await experiment.RunAsync();

        var node = Assert.IsType<ModuleNode>(Assert.Single(result.Description.Nodes));
        Assert.Equal("tiny-conv-net", node.Name);
        Assert.IsType<TinyConvNet>(Assert.Single(((Trainers.Architectures.Blocks.NetworkModule)result.BestModel.Module).Layers));
        Assert.True(result.ValidationAccuracy > 0.3, $"validation accuracy {result.ValidationAccuracy}");
        var saved = Path.Combine(_directory, "whole.nasml");
        result.BestModel.Save(saved);
        using var loaded = NasModel.Load(saved, space.Factories);
        Assert.Equal(result.BestModel.PredictLabels(EndToEndData.Test.Images), loaded.PredictLabels(EndToEndData.Test.Images));
    }

    private static void KeepTraining(nn.Module<Tensor, Tensor> network)
    {
        network.train();
        using var optimizer = optim.SGD(network.parameters(), 0.01);
        using var scope = torch.NewDisposeScope();
        var before = network.parameters().First().clone();
        var loss = nn.functional.cross_entropy(network.call(torch.randn(8, 1, 28, 28)), torch.randint(0, 10, [8], ScalarType.Int64));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        Assert.False(before.allclose(network.parameters().First()), "one more optimizer step changes the weights");
    }
}
