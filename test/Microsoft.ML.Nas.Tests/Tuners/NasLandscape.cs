using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>
/// A synthetic NAS-like landscape over a conditional space: four stages, each a conv block (with a kernel size), an
/// inverted-residual block (kernel size and expansion) or a skip, plus a width multiplier and an input resolution.
/// The loss is an error proxy plus a latency penalty, with interactions between stages.
/// </summary>
internal static class NasLandscape
{
    private const int StageCount = 4;
    private static readonly int[] Kernels = [3, 5, 7];
    private static readonly int[] Expansions = [1, 3, 6];
    private static readonly double[] Widths = [0.5, 0.75, 1.0, 1.25];
    private static readonly int[] Resolutions = [160, 192, 224];
    private static readonly Lazy<double> LazyOptimum = new(ComputeOptimum);

    /// <summary>Gets the smallest loss over the space, found by enumerating all 342,732 architectures.</summary>
    public static double Optimum => LazyOptimum.Value;

    public static SearchSpace CreateSpace()
    {
        var space = new SearchSpace();
        for (var s = 0; s < StageCount; s++)
        {
            space.Add($"stage{s}", new ChoiceOption(
                new ChoiceValue("conv", new SearchSpace { ["kernel"] = new ChoiceOption(Kernels) }),
                new ChoiceValue("mbconv", new SearchSpace { ["kernel"] = new ChoiceOption(Kernels), ["expand"] = new ChoiceOption(Expansions) }),
                new ChoiceValue("skip")));
        }

        space.Add("width", new ChoiceOption(Widths));
        space.Add("resolution", new ChoiceOption(Resolutions));
        return space;
    }

    public static double Loss(Parameter parameter)
    {
        var stages = new Block[StageCount];
        for (var s = 0; s < StageCount; s++)
        {
            var stage = parameter[$"stage{s}"];
            stages[s] = stage["value"].AsType<string>() switch
            {
                "conv" => new Block(BlockType.Conv, stage["kernel"].AsType<int>(), 0),
                "mbconv" => new Block(BlockType.MbConv, stage["kernel"].AsType<int>(), stage["expand"].AsType<int>()),
                _ => new Block(BlockType.Skip, 0, 0),
            };
        }

        return Loss(stages, parameter["width"].AsType<double>(), parameter["resolution"].AsType<int>());
    }

    private static double Loss(Block[] stages, double width, int resolution)
    {
        double capacity = 0, latency = 0, interactions = 0;
        var receptiveField = 1.0;
        for (var s = 0; s < StageCount; s++)
        {
            var block = stages[s];
            var depthFactor = Math.Pow(0.8, s);
            switch (block.Type)
            {
                case BlockType.Conv:
                    capacity += 1.0 * (1 + (0.25 * s));
                    latency += 0.9 * block.Kernel * block.Kernel / 9.0 * depthFactor;
                    break;
                case BlockType.MbConv:
                    capacity += (block.Expand switch { 1 => 0.6, 3 => 1.1, _ => 1.4 }) * (1 + (0.25 * s));
                    latency += 0.25 * block.Expand * (1 + (block.Kernel * block.Kernel / 49.0)) * depthFactor;
                    break;
                default:
                    interactions += s == 0 ? 0.05 : 0;
                    break;
            }

            if (block.Type != BlockType.Skip)
            {
                receptiveField += (block.Kernel - 1) * Math.Pow(2, s);
            }

            if (s > 0)
            {
                var previous = stages[s - 1];
                interactions += previous.Type == BlockType.Skip && block.Type == BlockType.MbConv ? -0.015 : 0;
                interactions += previous.Type == BlockType.Conv && block.Type == BlockType.Conv && previous.Kernel == 7 && block.Kernel == 7 ? 0.03 : 0;
            }
        }

        var scale = resolution / 224.0;
        latency *= scale * scale * width * width;
        var targetField = resolution / 8.0;
        var fieldPenalty = 0.08 * Math.Pow(Math.Log(receptiveField / targetField), 2);
        var error = (0.45 * Math.Exp(-capacity * width / 2.2)) + fieldPenalty + (0.02 * (224 - resolution) / 64.0);
        return error + (0.03 * latency) + interactions;
    }

    private static double ComputeOptimum()
    {
        var choices = new List<Block> { new(BlockType.Skip, 0, 0) };
        foreach (var kernel in Kernels)
        {
            choices.Add(new Block(BlockType.Conv, kernel, 0));
            choices.AddRange(Expansions.Select(e => new Block(BlockType.MbConv, kernel, e)));
        }

        var best = double.PositiveInfinity;
        var stages = new Block[StageCount];
        foreach (var a in choices)
        {
            foreach (var b in choices)
            {
                foreach (var c in choices)
                {
                    foreach (var d in choices)
                    {
                        (stages[0], stages[1], stages[2], stages[3]) = (a, b, c, d);
                        foreach (var width in Widths)
                        {
                            foreach (var resolution in Resolutions)
                            {
                                best = Math.Min(best, Loss(stages, width, resolution));
                            }
                        }
                    }
                }
            }
        }

        return best;
    }

    private enum BlockType
    {
        Conv,
        MbConv,
        Skip,
    }

    private readonly record struct Block(BlockType Type, int Kernel, int Expand);
}
