using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

public sealed class TrainingRecipeTests
{
    [Fact]
    public void Defaults_AreTheDocumentedRecipeAndValid()
    {
        var recipe = new TrainingRecipe();

        recipe.Validate();
        Assert.Equal(OptimizerKind.Sgd, recipe.Optimizer);
        Assert.Equal(0.05, recipe.LearningRate);
        Assert.Equal(0.9, recipe.Momentum);
        Assert.True(recipe.Nesterov);
        Assert.Equal(5e-4, recipe.WeightDecay);
        Assert.Equal(10, recipe.Epochs);
        Assert.Equal(128, recipe.BatchSize);
        Assert.Equal(0.1, recipe.LabelSmoothing);
        Assert.Equal(0, recipe.Dropout);
        Assert.Null(recipe.Augmentation);
        Assert.Equal(LearningRateSchedule.CosineWithWarmup, recipe.Schedule);
        Assert.Null(recipe.GradientClipNorm);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.05, 5e-4)]
    [InlineData(OptimizerKind.Adam, 1e-3, 0)]
    [InlineData(OptimizerKind.AdamW, 1e-3, 0.05)]
    public void For_Optimizer_UsesItsDefaultLearningRateAndDecay(OptimizerKind optimizer, double learningRate, double weightDecay)
    {
        var recipe = TrainingRecipe.For(optimizer);

        Assert.Equal(optimizer, recipe.Optimizer);
        Assert.Equal(learningRate, recipe.LearningRate);
        Assert.Equal(weightDecay, recipe.WeightDecay);
    }

    public static TheoryData<TrainingRecipe, string> InvalidRecipes => new()
    {
        { new TrainingRecipe { LearningRate = 0 }, nameof(TrainingRecipe.LearningRate) },
        { new TrainingRecipe { LearningRate = double.NaN }, nameof(TrainingRecipe.LearningRate) },
        { new TrainingRecipe { Momentum = 1 }, nameof(TrainingRecipe.Momentum) },
        { new TrainingRecipe { WeightDecay = -1e-4 }, nameof(TrainingRecipe.WeightDecay) },
        { new TrainingRecipe { Epochs = 0 }, nameof(TrainingRecipe.Epochs) },
        { new TrainingRecipe { BatchSize = 0 }, nameof(TrainingRecipe.BatchSize) },
        { new TrainingRecipe { LabelSmoothing = 1 }, nameof(TrainingRecipe.LabelSmoothing) },
        { new TrainingRecipe { Dropout = -0.1 }, nameof(TrainingRecipe.Dropout) },
        { new TrainingRecipe { WarmupFraction = 1 }, nameof(TrainingRecipe.WarmupFraction) },
        { new TrainingRecipe { GradientClipNorm = 0 }, nameof(TrainingRecipe.GradientClipNorm) },
        { new TrainingRecipe { Optimizer = (OptimizerKind)7 }, "optimizer" },
        { new TrainingRecipe { Augmentation = new ImageAugmentation { CropPadding = -1 } }, nameof(ImageAugmentation.CropPadding) },
    };

    [Theory]
    [MemberData(nameof(InvalidRecipes))]
    public void Validate_SettingOutOfRange_ThrowsNamingIt(TrainingRecipe recipe, string name)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(recipe.Validate);

        Assert.Equal(name, exception.ParamName);
    }
}
