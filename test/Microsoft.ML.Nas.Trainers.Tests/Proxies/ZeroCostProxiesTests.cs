using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Proxies;
using Microsoft.ML.Nas.Trainers.Tests.Architectures;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Proxies;

/// <summary>
/// Zero-cost proxies: scores of seeded architectures of every space against PyTorch (TestData/make_zero_cost.py, same
/// networks, weights and batch), and the module and scorer contracts (state restored, determinism, bad input). The
/// scorer seeds libtorch's global generator to initialise networks, so these run with the other seeded tests.
/// </summary>
[Collection(TorchTests.CollectionName)]
public sealed class ZeroCostProxiesTests
{
    private const int GoldenArchitecturesPerSpace = 3;
    private static readonly ZeroCostProxy[] s_all = [ZeroCostProxy.GradNorm, ZeroCostProxy.Snip, ZeroCostProxy.SynFlow];
    private static readonly Lazy<JsonDocument> s_golden = new(() => JsonDocument.Parse(File.ReadAllText(ArchitectureGoldenFile.PathOf("zero_cost.json"))));

    public static TheoryData<string> SpaceNames => [.. ArchitectureTestSpaces.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Scores_WithDeterministicWeights_MatchPyTorch(string spaceName)
    {
        var space = ArchitectureTestSpaces.Get(spaceName);
        var index = 0;
        foreach (var (_, parameter) in ArchitectureTestSpaces.SeededParameters(space, GoldenArchitecturesPerSpace))
        {
            var description = space.Space.Describe(parameter, space.Input, space.Outputs);
            using var network = description.Build();
            PyTorchGoldenTests.FillDeterministically(network);
            using var scope = torch.NewDisposeScope();
            var input = PyTorchGoldenTests.DeterministicInput(space.Input);
            var targets = TensorTestExtensions.FromArray(new long[] { 0, 1 % space.Outputs }, 2);

            var scores = ZeroCostProxies.Score(network, s_all, input, targets);

            var golden = s_golden.Value.RootElement.GetProperty("spaces").GetProperty(spaceName)[index];
            var what = $"{spaceName} #{index} ({space.Space.Summarize(parameter)})";
            // Both sides compute in float64 (libtorch 2.10 here, PyTorch 1.13 for the golden file), where the scores agree
            // to about 1e-9 and no longer depend on the CPU kernels' summation order (see ZeroCostProxies' remarks).
            AssertRelativelyClose(golden.GetProperty("gradNorm").GetDouble(), scores[0], 1e-6, what + " grad_norm");
            AssertRelativelyClose(golden.GetProperty("snip").GetDouble(), scores[1], 1e-6, what + " snip");
            AssertRelativelyClose(golden.GetProperty("synFlow").GetDouble(), scores[2], 1e-6, what + " synflow");
            index++;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Score_LeavesTheModuleAsItWas(bool training)
    {
        var space = ArchitectureTestSpaces.Get("resnet");
        var (_, parameter) = ArchitectureTestSpaces.SeededParameters(space, 1).Single();
        using var network = space.Space.Describe(parameter, space.Input, space.Outputs).Build();
        network.train(training);
        using var scope = torch.NewDisposeScope();
        var before = network.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.clone());
        var input = PyTorchGoldenTests.DeterministicInput(space.Input);
        var targets = TensorTestExtensions.FromArray(new long[] { 3, 7 }, 2);
        var owned = scope.DisposablesCount;

        ZeroCostProxies.Score(network, s_all, input, targets);

        Assert.Equal(owned, scope.DisposablesCount); // every tensor the scoring made is released
        Assert.All(network.modules().Prepend(network), module => Assert.Equal(training, module.training));
        Assert.All(network.parameters(), parameter => Assert.Null(parameter.grad));
        foreach (var (name, tensor) in network.state_dict())
        {
            Assert.Equal(before[name].dtype, tensor.dtype);
            Assert.True(before[name].eq(tensor).all().item<bool>(), $"{name} changed");
        }
    }

    [Fact]
    public void Score_TheSameModuleAndBatchTwice_GivesIdenticalScores()
    {
        var space = ArchitectureTestSpaces.Get("mlp"); // its dense layers have dropout, which the proxies turn off
        var (_, parameter) = ArchitectureTestSpaces.SeededParameters(space, 1).Single();
        using var network = space.Space.Describe(parameter, space.Input, space.Outputs).Build();
        using var scope = torch.NewDisposeScope();
        var input = PyTorchGoldenTests.DeterministicInput(space.Input);
        var targets = TensorTestExtensions.FromArray(new long[] { 2, 0 }, 2);

        var first = ZeroCostProxies.Score(network, s_all, input, targets);
        var second = ZeroCostProxies.Score(network, s_all, input, targets);

        Assert.Equal(first, second);
        Assert.All(first, score => Assert.True(double.IsFinite(score) && score > 0, $"score {score}"));
    }

    [Fact]
    public void Score_DependsOnTheLabelsExceptSynFlow()
    {
        var space = ArchitectureTestSpaces.Get("mobilenet");
        var (_, parameter) = ArchitectureTestSpaces.SeededParameters(space, 1).Single();
        using var network = space.Space.Describe(parameter, space.Input, space.Outputs).Build();
        using var scope = torch.NewDisposeScope();
        var input = PyTorchGoldenTests.DeterministicInput(space.Input);

        var some = ZeroCostProxies.Score(network, s_all, input, TensorTestExtensions.FromArray(new long[] { 0, 1 }, 2));
        var other = ZeroCostProxies.Score(network, s_all, input, TensorTestExtensions.FromArray(new long[] { 5, 9 }, 2));

        Assert.NotEqual(some[0], other[0]);
        Assert.NotEqual(some[1], other[1]);
        Assert.Equal(some[2], other[2]);
    }

    [Fact]
    public void Score_BadBatch_ThrowsNamingTheShapes()
    {
        var space = ArchitectureTestSpaces.Get("mlp");
        var (_, parameter) = ArchitectureTestSpaces.SeededParameters(space, 1).Single();
        using var network = space.Space.Describe(parameter, space.Input, space.Outputs).Build();
        using var scope = torch.NewDisposeScope();
        var input = PyTorchGoldenTests.DeterministicInput(space.Input);

        var mismatch = Assert.Throws<ArgumentException>(() => ZeroCostProxies.Score(network, ZeroCostProxy.Snip, input, TensorTestExtensions.FromArray(new long[] { 0, 1, 2 }, 3)));
        Assert.Contains("features [2, 20] and targets [3]", mismatch.Message, StringComparison.Ordinal);
        var wrongOutput = Assert.Throws<InvalidOperationException>(() => ZeroCostProxies.Score(network, ZeroCostProxy.GradNorm, input, TensorTestExtensions.FromArray(new float[] { 0.5f, 1 }, 2, 1)));
        Assert.Contains("Regression needs float64 values [2, 1] or [2]", wrongOutput.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scorer_SameSeed_SameScores_OtherSeed_OtherBatchAndWeights()
    {
        using var data = Table(rows: 200, classes: 3, seed: 4);
        var description = MiddleMlp(outputs: 3);
        using var scorer = new ZeroCostScorer(data, batchSize: 32, seed: 1);
        using var again = new ZeroCostScorer(data, batchSize: 32, seed: 1);
        using var other = new ZeroCostScorer(data, batchSize: 32, seed: 2);

        var scores = scorer.Score(description, s_all);

        Assert.Equal(32, scorer.BatchSize);
        Assert.Equal(scores, again.Score(description, s_all));
        Assert.Equal(scores, scorer.Score(description, s_all));
        Assert.NotEqual(scores[0], other.Score(description, ZeroCostProxy.GradNorm));
        Assert.NotEqual(scores[2], other.Score(description, ZeroCostProxy.SynFlow)); // other initial weights
    }

    [Fact]
    public void Scorer_Regression_ScoresWithSquaredError()
    {
        var features = torch.randn(64, 20);
        var targets = torch.randn(64, 1);
        using var data = TensorDataset.FromTensors(features, targets, TrainingTask.Regression);
        var description = MiddleMlp(outputs: 1);
        using var scorer = new ZeroCostScorer(data, batchSize: 16);

        var scores = scorer.Score(description, s_all);

        Assert.All(scores, score => Assert.True(double.IsFinite(score) && score > 0, $"score {score}"));
    }

    [Fact]
    public void Scorer_BadInput_ThrowsNamingTheProblem()
    {
        using var data = Table(rows: 40, classes: 3, seed: 5);
        Assert.Contains("40 samples, fewer than the batch of 64", Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroCostScorer(data)).Message, StringComparison.Ordinal);
        using var scorer = new ZeroCostScorer(data, batchSize: 8);

        var wrongInput = Assert.Throws<ArgumentException>(() => scorer.Score(MiddleMlp(outputs: 3, features: 12), ZeroCostProxy.Snip));
        Assert.Contains("samples of [12], the data's samples are [20]", wrongInput.Message, StringComparison.Ordinal);
        var wrongOutputs = Assert.Throws<ArgumentException>(() => scorer.Score(MiddleMlp(outputs: 5), ZeroCostProxy.Snip));
        Assert.Contains("output is [5]; the data (Classification) needs [3]", wrongOutputs.Message, StringComparison.Ordinal);
        scorer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => scorer.Score(MiddleMlp(outputs: 3), ZeroCostProxy.Snip));
    }

    /// <summary>The network at the centre of the default MLP space's feature space.</summary>
    private static NetworkDescription MiddleMlp(int outputs, int features = 20)
    {
        var space = ArchitectureSpaces.Mlp();
        var parameter = space.SearchSpace.SampleFromFeatureSpace([.. Enumerable.Repeat(0.5, space.SearchSpace.FeatureSpaceDimension)]);
        return space.Describe(parameter, InputShape.Vector(features), outputs);
    }

    private static TensorDataset Table(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * 20];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var labels = Enumerable.Range(0, rows).Select(row => (long)(row % classes)).ToArray();
        return TensorDataset.FromTensors(TensorTestExtensions.FromArray(features, rows, 20), TensorTestExtensions.FromArray(labels, rows), TrainingTask.Classification, classes);
    }

    private static void AssertRelativelyClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Abs(expected), $"{what}: PyTorch {expected}, NasML {actual}");
}
