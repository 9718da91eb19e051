using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;
using Microsoft.ML.Nas.Trainers.Costs;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Costs;

[Collection(TorchTests.CollectionName)]
public sealed class NasBench201LatencyTermTests
{
    private const string Example = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    /// <summary>Every operation, 4 channels, one cell per stage, 8×8 inputs: resolutions 4×8×8, 8×4×4 and 16×2×2.</summary>
    private static readonly NasBench201Space s_space = ArchitectureSpaces.NasBench201(new NasBench201SpaceOptions { Channels = 4, CellsPerStage = 1 });

    private static readonly InputShape s_input = InputShape.Image(1, 8, 8);

    [Fact]
    public void Of_Cell_ListsEachConvolutionAndPoolingEdgeAndEachAddition()
    {
        var cell = new NasBench201CellNode(InputShape.Image(4, 8, 8), s_space.ReadCell(s_space.ParseArchitecture(Example)));

        var keys = LatencyTerm.Of(cell).Select(term => term.Key);

        // Node 1: conv. Node 2: conv + pool, one addition. Node 3: skip + conv + skip, two additions; its sum is new, so no copy.
        Assert.Equal(
            [
                "nas_bench_201_edge|in=4x8x8|op=nor_conv_3x3",
                "nas_bench_201_edge|in=4x8x8|op=nor_conv_3x3",
                "nas_bench_201_edge|in=4x8x8|op=avg_pool_3x3",
                "tensor_add|in=4x8x8",
                "nas_bench_201_edge|in=4x8x8|op=nor_conv_3x3",
                "tensor_add|in=4x8x8",
                "tensor_add|in=4x8x8",
            ],
            keys);
    }

    [Theory]
    [InlineData("|none~0|+|skip_connect~0|none~1|+|none~0|none~1|skip_connect~2|", new[] { "tensor_zero_fill", "tensor_clone" })]
    [InlineData("|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|", new[] { "tensor_zero_fill", "tensor_zero_fill" })]
    [InlineData("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|skip_connect~2|", new[] { "tensor_add", "tensor_clone" })]
    [InlineData("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|none~2|", new[] { "tensor_add", "tensor_zero_fill" })]
    [InlineData("|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|", new[] { "tensor_clone" })]
    public void Of_CellWithoutWorkingEdges_CountsZeroFillsAndTheCopyOfAnAliasedOutput(string architecture, string[] expectedTypes)
    {
        var cell = new NasBench201CellNode(InputShape.Image(4, 8, 8), s_space.ReadCell(s_space.ParseArchitecture(architecture)));

        var types = LatencyTerm.Of(cell).Select(term => term.Key.Split('|')[0]);

        Assert.Equal(expectedTypes, types);
    }

    [Fact]
    public void Terms_OfACell_BuildTheCellsParametersAndRunOnItsInput()
    {
        var cell = new NasBench201CellNode(InputShape.Image(4, 8, 8), s_space.ReadCell(s_space.ParseArchitecture(Example)));
        long parameters = 0;

        foreach (var term in LatencyTerm.Of(cell))
        {
            using var module = term.Build();
            long[] shape = [2, .. term.Input.Dimensions.Select(dimension => (long)dimension)];
            using var input = torch.randn(shape);
            using var output = module.forward(input);
            Assert.Equal(input.shape, output.shape);
            parameters += module.parameters().Sum(p => p.numel());
        }

        Assert.Equal(cell.Parameters, parameters);
    }

    [Fact]
    public void EnumerateTerms_NasBench201_FindsSixOperationKeysPerResolutionInsteadOfOnePerCell()
    {
        var terms = LatencyLookupTable.EnumerateTerms(s_space, s_input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyTable);

        var keys = terms.Select(term => term.Key).ToHashSet(StringComparer.Ordinal);
        string[] perResolution =
        [
            "nas_bench_201_edge|in={0}|op=nor_conv_1x1", "nas_bench_201_edge|in={0}|op=nor_conv_3x3", "nas_bench_201_edge|in={0}|op=avg_pool_3x3",
            "tensor_add|in={0}", "tensor_zero_fill|in={0}", "tensor_clone|in={0}",
        ];
        foreach (var resolution in new[] { "4x8x8", "8x4x4", "16x2x2" })
        {
            Assert.All(perResolution, key => Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, key, resolution), keys));
        }

        // Besides: the stem, the two reductions, the final batch norm and the classifier.
        Assert.Equal((6 * 3) + 5, keys.Count);
        Assert.DoesNotContain(keys, key => key.StartsWith(NasBench201CellNode.TypeName, StringComparison.Ordinal));
    }

    [Fact]
    public void Predict_NasBench201_IsOverheadPlusTheEntriesOfEveryTermOfEveryCell()
    {
        var table = LatencyLookupTable.Build(s_space, s_input, LatencyTestNetworks.Outputs, LatencyTestNetworks.TinyTable);
        var network = s_space.Describe(s_space.ParseArchitecture(Example), s_input, LatencyTestNetworks.Outputs);
        var cellKeys = new[] { "{0}|op=nor_conv_3x3", "{0}|op=nor_conv_3x3", "{0}|op=avg_pool_3x3", "{1}", "{0}|op=nor_conv_3x3", "{1}", "{1}" };
        var expected = table.OverheadMilliseconds + network.Nodes.Where(node => node is not NasBench201CellNode).Sum(node => table.Entries[node.LatencyKey].MedianMilliseconds);
        foreach (var resolution in new[] { "4x8x8", "8x4x4", "16x2x2" })
        {
            expected += cellKeys
                .Select(key => string.Format(System.Globalization.CultureInfo.InvariantCulture, key, $"nas_bench_201_edge|in={resolution}", $"tensor_add|in={resolution}"))
                .Sum(key => table.Entries[key].MedianMilliseconds);
        }

        Assert.Equal(23, table.Entries.Count);
        Assert.Empty(table.MissingKeys(network));
        Assert.Equal(expected, table.Predict(network), 12);
    }
}
