using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using Microsoft.ML.Nas.Trainers.Architectures.Composition;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Search;

/// <summary>The recipe's dropout reaches the network that trials and the final training build.</summary>
[Collection(TorchTests.CollectionName)]
public sealed class SearchCandidateTests
{
    private static readonly InputShape s_features = InputShape.Vector(6);

    [Fact]
    public void Describe_RecipeWithDropout_PutsItInTheHeadOfTheBuiltModule()
    {
        var space = PlainMlp();
        var recipe = new TrainingRecipe { Dropout = 0.3 };

        var description = SearchCandidate.Describe(space, space.MinimalCandidates()[0], recipe, s_features, outputs: 3);
        using var module = description.Build();

        Assert.Equal(0.3, Assert.IsType<ClassifierNode>(description.Nodes[^1]).Dropout, 12);
        var head = Assert.Single(module.modules().OfType<Classifier>());
        Assert.Equal(0.3, head.Dropout, 12);
    }

    [Fact]
    public void Describe_RecipeWithDropout_MakesTrainingModeOutputsDifferFromEvaluation()
    {
        var space = PlainMlp();
        var parameter = space.MinimalCandidates()[0];
        torch.manual_seed(5);
        using var withDropout = SearchCandidate.Describe(space, parameter, new TrainingRecipe { Dropout = 0.5 }, s_features, 3).Build();
        torch.manual_seed(5);
        using var withoutDropout = SearchCandidate.Describe(space, parameter, new TrainingRecipe { Dropout = 0 }, s_features, 3).Build();
        using var scope = torch.NewDisposeScope();
        var input = TensorTestExtensions.FromArray(Enumerable.Range(0, 64 * 6).Select(i => (float)Math.Sin(i)).ToArray(), 64, 6);

        Assert.NotEqual(TrainingOutput(withDropout, input), EvaluationOutput(withDropout, input));
        Assert.Equal(TrainingOutput(withoutDropout, input), EvaluationOutput(withoutDropout, input));
        Assert.Equal(EvaluationOutput(withoutDropout, input), EvaluationOutput(withDropout, input));
    }

    [Fact]
    public void Describe_ArchitectureAndRecipeDropout_CombinesThemAsTwoMasksInARow()
    {
        var space = ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions { DropoutChoices = [0.2] });
        var parameter = space.MinimalCandidates()[0];

        var description = SearchCandidate.Describe(space, parameter, new TrainingRecipe { Dropout = 0.5 }, InputShape.Image(1, 28, 28), 10);

        Assert.Equal(1 - (0.8 * 0.5), Assert.IsType<ClassifierNode>(description.Nodes[^1]).Dropout, 12);
    }

    [Theory]
    [InlineData(0.123456789)]
    [InlineData(0.29)]
    public void Combine_WithoutArchitectureDropout_IsTheRecipesDropoutExactly(double recipeDropout)
    {
        Assert.Equal(recipeDropout, SearchCandidate.Combine(0, recipeDropout));
        Assert.Equal(recipeDropout, SearchCandidate.Combine(recipeDropout, 0));
    }

    [Fact]
    public void WithRecipeDropout_Zero_ReturnsTheArchitecturesDescription()
    {
        var space = PlainMlp();
        var description = space.Describe(space.MinimalCandidates()[0], s_features, 3);

        Assert.Same(description, SearchCandidate.WithRecipeDropout(description, 0));
    }

    [Fact]
    public void WithRecipeDropout_NetworkWithoutAHead_ThrowsNamingTheWayOut()
    {
        var description = new NetworkDescription(s_features, [new DenseNode(s_features, 1, Activation.ReLU, 0, Normalization.None, residual: false)]);

        var error = Assert.Throws<InvalidOperationException>(() => SearchCandidate.WithRecipeDropout(description, 0.1));

        Assert.Contains("classifier head", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dropout = null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfDropoutHasNoHead_SpaceWithoutAHeadAndFixedZeroDropout_DoesNotThrow()
    {
        var headless = new ComposedArchitectureSpace("headless") { Layers.Dense(width: 4) };
        var zeroDropout = TrainingRecipeSpace.ForTables() with { Dropout = null };
        var searchedDropout = TrainingRecipeSpace.ForTables();

        SearchCandidate.ThrowIfDropoutHasNoHead(headless, zeroDropout, s_features, 4);
        var error = Assert.Throws<ArgumentException>(() => SearchCandidate.ThrowIfDropoutHasNoHead(headless, searchedDropout, s_features, 4));

        Assert.Contains("headless", error.Message, StringComparison.Ordinal);
    }

    private static MlpSpace PlainMlp() => ArchitectureSpaces.Mlp(new MlpSpaceOptions
    {
        LayerCounts = [1],
        WidthChoices = [16],
        ActivationChoices = [Activation.ReLU],
        DropoutChoices = [0.0],
        NormalizationChoices = [Normalization.None],
        ResidualChoices = [false],
    });

    private static float[] TrainingOutput(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        module.train();
        return module.forward(input).ToArray<float>();
    }

    private static float[] EvaluationOutput(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        module.eval();
        using var noGrad = torch.no_grad();
        return module.forward(input).ToArray<float>();
    }
}
