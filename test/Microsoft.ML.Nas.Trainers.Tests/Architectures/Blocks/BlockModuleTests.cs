using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures.Blocks;

public sealed class BlockModuleTests
{
    [Fact]
    public void Blocks_InsideANetwork_RegisterEachChildOnceUnderItsPyTorchName()
    {
        foreach (var description in ArchitectureTestSpaces.Handmade())
        {
            using var network = description.Build();

            // TorchSharp's register_module calls the child's RegisterComponents, which would add "_conv" beside "conv".
            var names = network.named_modules().Select(entry => entry.name).ToList();
            Assert.DoesNotContain(names, name => name.Split('.').Any(part => part.StartsWith('_')));
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(network.parameters().Count(), network.modules().Sum(module => module.named_parameters(recurse: false).Count()));
        }
    }

    [Fact]
    public void InvertedResidual_ExposesItsRegisteredChildren()
    {
        using var block = new InvertedResidual(8, 8, kernel: 3, expansion: 4, stride: 1, squeezeChannels: 4, Activation.Hardswish);

        Assert.Equal(["expand", "depthwise", "se", "project"], block.named_children().Select(entry => entry.name));
        Assert.Same(block.named_children().Single(entry => entry.name == "se").module, block.SqueezeExcite);
        Assert.Equal(32, block.Depthwise.Conv.groups);
        Assert.Equal(Activation.None, block.Project.Activation);
        Assert.True(block.HasShortcut);
    }

    [Fact]
    public void Classifier_WithDropout_HasADropoutChildThatEvalAloneTurnsOff()
    {
        using var head = new Classifier(16, 4, dropout: 0.5, poolImage: false);
        using var scope = torch.NewDisposeScope();
        var input = torch.ones(8, 16);

        head.train();
        foreach (var dropout in head.modules().OfType<TorchSharp.Modules.Dropout>())
        {
            dropout.eval();
        }

        Assert.NotNull(head.DropoutLayer);
        Assert.Contains(head.named_children(), entry => entry.name == "dropout" && ReferenceEquals(entry.module, head.DropoutLayer));
        Assert.True(head.training);
        Assert.True(head.forward(input).Equals(head.forward(input)));
    }

    [Fact]
    public void DenseBlock_WithoutDropout_RegistersNoDropoutChild()
    {
        using var block = new DenseBlock(6, 6, Activation.GELU, dropout: 0.0, batchNorm: true, residual: true);

        Assert.Null(block.DropoutLayer);
        Assert.Equal(["linear", "norm"], block.named_children().Select(entry => entry.name));
    }

    [Fact]
    public void Constructors_WithASizeBelowOne_ThrowBeforeCreatingLayers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvBnAct(0, 8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvBnAct(6, 8, 3, groups: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BasicBlock(8, 8, stride: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Classifier(8, 2, dropout: 1.0, poolImage: true));
    }

    [Fact]
    public void NasBench201Cell_OnlySkipEdgesToTheOutput_ReturnsACopyOfTheInput()
    {
        NasBench201Operation[] operations =
        [
            NasBench201Operation.None, NasBench201Operation.None, NasBench201Operation.None,
            NasBench201Operation.SkipConnect, NasBench201Operation.None, NasBench201Operation.None,
        ];
        using var cell = new NasBench201Cell(4, operations);
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(2, 4, 5, 5);

        var output = cell.forward(input);

        Assert.False(ReferenceEquals(input, output));
        Assert.True(output.Equals(input));
        Assert.Equal(2, scope.DisposablesCount);
    }
}
