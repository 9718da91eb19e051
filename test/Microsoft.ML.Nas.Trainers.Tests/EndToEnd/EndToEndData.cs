using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Search;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.EndToEnd;

/// <summary>Small Fashion-MNIST subsets and a small search setup shared by the end-to-end tests.</summary>
internal static class EndToEndData
{
    /// <summary>The xUnit collection of the end-to-end tests: they train networks, so they run one at a time.</summary>
    public const string CollectionName = "EndToEnd";

    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    private static readonly Lazy<NasImageData> s_train = new(() => new NasContext().Data
        .LoadIdxImages(Path.Combine(FashionMnistFolder, "train-images-idx3-ubyte.gz"), Path.Combine(FashionMnistFolder, "train-labels-idx1-ubyte.gz"))
        .Sample(2000, seed: 1));

    private static readonly Lazy<NasImageData> s_test = new(() => new NasContext().Data
        .LoadIdxImages(Path.Combine(FashionMnistFolder, "t10k-images-idx3-ubyte.gz"), Path.Combine(FashionMnistFolder, "t10k-labels-idx1-ubyte.gz"))
        .Sample(500, seed: 1));

    /// <summary>2,000 stratified training images of Fashion-MNIST.</summary>
    public static NasImageData Train => s_train.Value;

    /// <summary>500 stratified test images of Fashion-MNIST.</summary>
    public static NasImageData Test => s_test.Value;

    /// <summary>A narrow MobileNet space (stem stride 2, one block per stage, thin widths) that trains in seconds.</summary>
    public static MobileNetSpace SmallMobileNet() => ArchitectureSpaces.MobileNet(new MobileNetSpaceOptions
    {
        StemStride = 2,
        StageChannels = [16, 24, 32, 48],
        DepthChoices = [1],
        KernelChoices = [3, 5],
        ExpansionChoices = [1, 3],
        WidthMultipliers = [0.5, 1.0],
        HeadChannels = 64,
    });

    /// <summary>Adam with a learning rate in [1e-3, 5e-3], no augmentation, fixed batch size: quick and reliable on a small subset.</summary>
    public static TrainingRecipeSpace QuickRecipes() => new()
    {
        Defaults = new TrainingRecipe { Optimizer = OptimizerKind.Adam, Epochs = 3, BatchSize = 64, Augmentation = null },
        Optimizers = [new OptimizerChoice(OptimizerKind.Adam, new SearchRange(1e-3, 5e-3))],
        Epochs = null,
        BatchSizes = null,
        SearchAugmentation = false,
    };
}
