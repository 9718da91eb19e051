using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

public sealed class TrainingRecipeSpaceTests
{
    [Fact]
    public void Build_Default_SearchesEverySettingWithAConditionalOptimizerChoice()
    {
        var space = TrainingRecipeSpace.ForImages().Build();

        Assert.Equal(
            [TrainingRecipeSpace.OptimizerKey, TrainingRecipeSpace.EpochsKey, TrainingRecipeSpace.BatchSizeKey,
                TrainingRecipeSpace.LabelSmoothingKey, TrainingRecipeSpace.DropoutKey, TrainingRecipeSpace.AugmentationKey],
            space.Keys);
        var optimizer = Assert.IsType<ChoiceOption>(space[TrainingRecipeSpace.OptimizerKey]);
        Assert.True(optimizer.IsConditional);
        // optimizer (1 + 3 × 2 rates) + epochs + batch size + smoothing + dropout + augmentation.
        Assert.Equal(7 + 5, space.FeatureSpaceDimension);
    }

    [Fact]
    public void FromParameter_RandomPoints_GiveValidRecipesInsideTheirOptimizersRanges()
    {
        var recipeSpace = new TrainingRecipeSpace();
        var space = recipeSpace.Build();
        var random = new Random(1);
        var seen = new HashSet<OptimizerKind>();
        var augmented = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var point = Enumerable.Range(0, space.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();

            var recipe = recipeSpace.FromParameter(space.SampleFromFeatureSpace(point));

            recipe.Validate();
            var choice = recipeSpace.Optimizers!.Single(c => c.Optimizer == recipe.Optimizer);
            Assert.InRange(recipe.LearningRate, choice.LearningRate!.Value.Min, choice.LearningRate.Value.Max);
            Assert.InRange(recipe.WeightDecay, choice.WeightDecay!.Value.Min, choice.WeightDecay.Value.Max);
            Assert.InRange(recipe.Epochs, 4, 16);
            Assert.Contains(recipe.BatchSize, new[] { 64, 128, 256 });
            Assert.InRange(recipe.LabelSmoothing, 0, 0.2);
            Assert.InRange(recipe.Dropout, 0, 0.3);
            Assert.Equal(recipeSpace.Defaults.Schedule, recipe.Schedule);
            seen.Add(recipe.Optimizer);
            augmented += recipe.Augmentation is null ? 0 : 1;
        }

        Assert.Equal(3, seen.Count);
        Assert.InRange(augmented, 100, 200);
    }

    [Fact]
    public void FromParameter_AfterMappingBackToTheCube_GivesTheSameRecipe()
    {
        var recipeSpace = new TrainingRecipeSpace();
        var space = recipeSpace.Build();
        var random = new Random(2);
        for (var trial = 0; trial < 50; trial++)
        {
            var parameter = space.SampleFromFeatureSpace([.. Enumerable.Range(0, space.FeatureSpaceDimension).Select(_ => random.NextDouble())]);
            var again = space.SampleFromFeatureSpace(space.MappingToFeatureSpace(parameter));

            var first = recipeSpace.FromParameter(parameter);
            var second = recipeSpace.FromParameter(again);

            Assert.Equal(first.Optimizer, second.Optimizer);
            Assert.Equal(first.LearningRate, second.LearningRate, 9);
            Assert.Equal(first.Epochs, second.Epochs);
            Assert.Equal(first.BatchSize, second.BatchSize);
            Assert.Equal(first.Augmentation, second.Augmentation);
        }
    }

    [Fact]
    public void FromParameter_NestedInAnArchitectureSpace_ReadsItsOwnFragment()
    {
        var recipeSpace = TrainingRecipeSpace.ForTables();
        var space = new SearchSpace { ["width"] = new UniformIntOption(8, 64), ["recipe"] = recipeSpace.Build() };

        var parameter = space.SampleFromFeatureSpace(space.Default);
        var recipe = recipeSpace.FromParameter(parameter["recipe"]);

        recipe.Validate();
        Assert.Null(recipe.Augmentation);
        Assert.False(parameter["recipe"].ContainsKey(TrainingRecipeSpace.AugmentationKey));
    }

    [Fact]
    public void Build_EverythingFixed_IsEmptyAndFromParameterGivesTheDefaults()
    {
        var defaults = TrainingRecipe.For(OptimizerKind.AdamW) with { Epochs = 7, Augmentation = ImageAugmentation.Standard };
        var recipeSpace = new TrainingRecipeSpace
        {
            Defaults = defaults,
            Optimizers = null,
            Epochs = null,
            BatchSizes = null,
            LabelSmoothing = null,
            Dropout = null,
            SearchAugmentation = false,
        };

        var space = recipeSpace.Build();

        Assert.Empty(space);
        Assert.Equal(defaults, recipeSpace.FromParameter(Parameter.CreateObject()));
    }

    [Fact]
    public void Build_SingleValueRangesAndLists_FixTheSettingWithoutAnOption()
    {
        var recipeSpace = new TrainingRecipeSpace
        {
            Optimizers = [new OptimizerChoice(OptimizerKind.Adam, new SearchRange(0.002, 0.002))],
            Epochs = new IntegerSearchRange(12, 12),
            BatchSizes = [96],
            LabelSmoothing = new SearchRange(0.05, 0.05),
        };

        var space = recipeSpace.Build();
        var recipe = recipeSpace.FromParameter(space.SampleFromFeatureSpace(space.Default));

        Assert.Equal([TrainingRecipeSpace.DropoutKey, TrainingRecipeSpace.AugmentationKey], space.Keys);
        Assert.Equal(OptimizerKind.Adam, recipe.Optimizer);
        Assert.Equal(0.002, recipe.LearningRate);
        Assert.Equal(TrainingRecipe.DefaultWeightDecay(OptimizerKind.Adam), recipe.WeightDecay);
        Assert.Equal(12, recipe.Epochs);
        Assert.Equal(96, recipe.BatchSize);
        Assert.Equal(0.05, recipe.LabelSmoothing);
    }

    [Fact]
    public void FromParameter_OptimizersWithoutRanges_IsAPlainChoiceWithDefaultRates()
    {
        var recipeSpace = new TrainingRecipeSpace { Optimizers = [new(OptimizerKind.Sgd), new(OptimizerKind.AdamW)] };
        var space = recipeSpace.Build();
        var choice = Assert.IsType<ChoiceOption>(space[TrainingRecipeSpace.OptimizerKey]);
        var parameter = Parameter.CreateObject();
        parameter[TrainingRecipeSpace.OptimizerKey] = Parameter.FromString("adamw");

        var recipe = recipeSpace.FromParameter(parameter);

        Assert.False(choice.IsConditional);
        Assert.Equal(OptimizerKind.AdamW, recipe.Optimizer);
        Assert.Equal(TrainingRecipe.DefaultLearningRate(OptimizerKind.AdamW), recipe.LearningRate);
        Assert.Equal(TrainingRecipe.DefaultWeightDecay(OptimizerKind.AdamW), recipe.WeightDecay);
    }

    [Fact]
    public void FromParameter_UnknownOptimizer_ThrowsNamingIt()
    {
        var parameter = Parameter.CreateObject();
        parameter[TrainingRecipeSpace.OptimizerKey] = Parameter.FromString("rmsprop");

        var exception = Assert.Throws<ArgumentException>(() => new TrainingRecipeSpace().FromParameter(parameter));

        Assert.Contains("rmsprop", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromParameter_ValueOutOfRange_ThrowsArgumentException()
    {
        var parameter = Parameter.CreateObject();
        parameter[TrainingRecipeSpace.DropoutKey] = Parameter.FromDouble(1.5);

        var exception = Assert.Throws<ArgumentException>(() => new TrainingRecipeSpace().FromParameter(parameter));

        Assert.Contains("Dropout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidSettings_ThrowNamingThem()
    {
        Assert.Equal("Optimizers", Assert.Throws<ArgumentException>(() =>
            new TrainingRecipeSpace { Optimizers = [new(OptimizerKind.Sgd, new SearchRange(0, 0.1))] }.Build()).ParamName);
        Assert.Equal("Optimizers", Assert.Throws<ArgumentException>(() =>
            new TrainingRecipeSpace { Optimizers = [OptimizerChoice.Sgd, OptimizerChoice.Sgd] }.Build()).ParamName);
        Assert.Equal("BatchSizes", Assert.Throws<ArgumentException>(() => new TrainingRecipeSpace { BatchSizes = [32, 32] }.Build()).ParamName);
        Assert.Equal("Dropout", Assert.Throws<ArgumentException>(() => new TrainingRecipeSpace { Dropout = new SearchRange(0, 1) }.Build()).ParamName);
        Assert.Equal("Epochs", Assert.Throws<ArgumentException>(() => new TrainingRecipeSpace { Epochs = new IntegerSearchRange(0, 3) }.Build()).ParamName);
    }
}
