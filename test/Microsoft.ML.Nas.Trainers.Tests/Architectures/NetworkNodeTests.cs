using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

public sealed class NetworkNodeTests
{
    private static readonly NasBench201Operation[] s_allConv3x3 = [.. Enumerable.Repeat(NasBench201Operation.Conv3x3, 6)];

    [Fact]
    public void ConvBnAct_CountsParametersMacsAndMemoryByTheConvention()
    {
        var node = new ConvBnActNode(InputShape.Image(3, 15, 15), 16, 3, stride: 2);

        Assert.Equal(InputShape.Image(16, 8, 8), node.Output);
        Assert.Equal((3 * 3 * 3 * 16) + (2 * 16), node.Parameters);
        Assert.Equal(3 * 3 * 3 * 16 * 8 * 8, node.Macs);
        Assert.Equal(4 * ((3 * 15 * 15) + (16 * 8 * 8)), node.PeakMemoryBytes);
    }

    [Fact]
    public void DepthwiseConv_CountsInputChannelsPerGroup()
    {
        var node = new ConvBnActNode(InputShape.Image(32, 7, 7), 32, 5, groups: 32);

        Assert.Equal((5 * 5 * 32) + (2 * 32), node.Parameters);
        Assert.Equal(5 * 5 * 32 * 7 * 7, node.Macs);
    }

    [Fact]
    public void InvertedResidual_WithShortcut_KeepsItsInputAliveUntilTheAddition()
    {
        var node = new InvertedResidualNode(InputShape.Image(16, 8, 8), 16, 3, 4, 1, squeezeExcite: true);

        Assert.True(node.HasShortcut);
        Assert.Equal(64, node.HiddenChannels);
        Assert.Equal(16, node.SqueezeChannels);
        Assert.Equal(1152 + 704 + 2128 + 1056, node.Parameters);
        Assert.Equal(65536 + 36864 + 2048 + 65536, node.Macs);
        // input 1024 + expanded 4096 + depthwise 4096 alive while the depthwise output is written
        Assert.Equal(4 * 9216, node.PeakMemoryBytes);
    }

    [Fact]
    public void InvertedResidual_WithoutShortcut_FreesItsInputAfterTheExpansion()
    {
        var node = new InvertedResidualNode(InputShape.Image(16, 8, 8), 24, 3, 4, 2);

        Assert.False(node.HasShortcut);
        Assert.Equal(InputShape.Image(24, 4, 4), node.Output);
        Assert.Equal(4 * (1024 + 4096), node.PeakMemoryBytes);
        Assert.Equal((16 * 64 * 64) + (9 * 64 * 16) + (64 * 24 * 16), node.Macs);
    }

    [Fact]
    public void InvertedResidual_WithExpansionOne_HasNoExpansionLayer()
    {
        var node = new InvertedResidualNode(InputShape.Image(16, 8, 8), 16, 3, 1);

        Assert.Equal((9 * 16) + 32 + (16 * 16) + 32, node.Parameters);
        Assert.Equal((9 * 16 * 64) + (16 * 16 * 64), node.Macs);
    }

    [Fact]
    public void NasBench201Cell_AllConvolutions_PeaksAtFiveNodeTensors()
    {
        var input = InputShape.Image(8, 6, 6);
        var node = new NasBench201CellNode(input, s_allConv3x3);

        Assert.Equal(6 * ((9 * 8 * 8) + 16), node.Parameters);
        Assert.Equal(6 * 9 * 8 * 8 * 36, node.Macs);
        // input, two earlier nodes, the running sum, a ReLU copy and a convolution output
        Assert.Equal(4 * 5 * input.ElementCount, node.PeakMemoryBytes);
        Assert.Equal("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", node.ArchitectureString);
    }

    [Fact]
    public void NasBench201Cell_AllNone_CostsNothingBeyondItsInput()
    {
        var input = InputShape.Image(8, 6, 6);
        var node = new NasBench201CellNode(input, [.. Enumerable.Repeat(NasBench201Operation.None, 6)]);

        Assert.Equal(0, node.Parameters);
        Assert.Equal(0, node.Macs);
        Assert.Equal(4 * input.ElementCount, node.PeakMemoryBytes);
    }

    [Fact]
    public void BasicBlock_ChangingChannels_AddsADownsampleProjection()
    {
        var same = new BasicBlockNode(InputShape.Image(16, 8, 8), 16);
        var wider = new BasicBlockNode(InputShape.Image(16, 8, 8), 32, stride: 2);

        Assert.False(same.HasDownsample);
        Assert.True(wider.HasDownsample);
        Assert.Equal((9 * 16 * 32) + (9 * 32 * 32) + (4 * 32) + (16 * 32) + (2 * 32), wider.Parameters);
        Assert.Equal(((9 * 16 * 32) + (9 * 32 * 32) + (16 * 32)) * 16, wider.Macs);
    }

    [Fact]
    public void LatencyKey_SpellsTypeInputAndEverySetting()
    {
        var node = new InvertedResidualNode(InputShape.Image(16, 28, 28), 24, 5, 4, 2, squeezeExcite: true, Activation.Hardswish);

        Assert.Equal("inverted_residual|in=16x28x28|out=24|kernel=5|expansion=4|stride=2|se=true|activation=hardswish", node.LatencyKey);
    }

    [Fact]
    public void LatencyKey_LeavesOutDropoutButNotWidthOrResolution()
    {
        var input = InputShape.Vector(64);
        var baseline = new DenseNode(input, 32, dropout: 0.0);

        Assert.Equal(baseline.LatencyKey, new DenseNode(input, 32, dropout: 0.3).LatencyKey);
        Assert.NotEqual(baseline.LatencyKey, new DenseNode(input, 48).LatencyKey);
        Assert.NotEqual(baseline.LatencyKey, new DenseNode(InputShape.Vector(65), 32).LatencyKey);
        Assert.NotEqual(baseline.LatencyKey, new DenseNode(input, 32, normalization: Normalization.Batch).LatencyKey);
    }

    [Fact]
    public void LatencyKeys_OfEveryHandmadeNode_AreDistinctPerConfiguration()
    {
        var nodes = ArchitectureTestSpaces.Handmade().SelectMany(d => d.Nodes).ToList();

        Assert.Equal(nodes.Count, nodes.Select(n => n.LatencyKey).Distinct().Count());
        Assert.All(nodes, n => Assert.StartsWith(n.NodeType + "|in=" + n.Input.ToKey(), n.LatencyKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Conv_OnAFeatureVector_ThrowsNamingTheExpectedShape()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ConvBnActNode(InputShape.Vector(10), 8, 3));

        Assert.Contains("expected an image input [channels, height, width]; found [10]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv_WithAnEvenKernelOrGroupsNotDividingTheChannels_Throws()
    {
        var input = InputShape.Image(6, 8, 8);

        Assert.Contains("odd", Assert.Throws<ArgumentOutOfRangeException>(() => new ConvBnActNode(input, 8, 4)).Message, StringComparison.Ordinal);
        Assert.Contains("groups (4) must divide", Assert.Throws<ArgumentOutOfRangeException>(() => new ConvBnActNode(input, 8, 3, groups: 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dense_ResidualBetweenDifferentWidths_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new DenseNode(InputShape.Vector(16), 32, residual: true));

        Assert.Contains("found 16 in and 32 out", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pool_WindowLargerThanTheInput_ThrowsWithExpectedAndFoundSizes()
    {
        var exception = Assert.Throws<ArgumentException>(() => new PoolNode(InputShape.Image(4, 2, 2), PoolKind.Max, 3));

        Assert.Contains("at least 3×3", exception.Message, StringComparison.Ordinal);
        Assert.Contains("found 2×2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NasBench201Cell_WithFiveEdges_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NasBench201CellNode(InputShape.Image(8, 6, 6), s_allConv3x3[..5]));
    }
}
