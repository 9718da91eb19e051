using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

/// <summary>
/// Compares 30 seeded architectures per space with the same networks built in PyTorch from their description JSON by
/// TestData/make_arch_costs.py: parameter counts and MACs (counted there with forward hooks), state-dict layout, and
/// the outputs of a deterministic weight fill.
/// </summary>
public sealed class PyTorchGoldenTests
{
    /// <summary>Architectures per space whose forward pass is compared (the rest are built and counted only).</summary>
    private const int ForwardComparisonsPerSpace = 4;

    public static TheoryData<string> SpaceNames => [.. ArchitectureTestSpaces.All.Select(s => s.Name)];

    [Fact]
    public void Descriptions_OfSeededParameters_MatchTheCheckedInFile()
    {
        string generated = ArchitectureGoldenFile.GenerateDescriptions();
        if (Environment.GetEnvironmentVariable("NASML_WRITE_ARCH_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(ArchitectureGoldenFile.SourceDirectory(), ArchitectureGoldenFile.DescriptionsName), generated);
        }

        string checkedIn = File.ReadAllText(ArchitectureGoldenFile.PathOf(ArchitectureGoldenFile.DescriptionsName)).ReplaceLineEndings("\n");
        Assert.Equal(checkedIn, generated);
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Costs_OfSeededArchitectures_EqualPyTorchHookCounts(string spaceName)
    {
        var space = ArchitectureTestSpaces.Get(spaceName);
        int index = 0;
        foreach (var (_, parameter) in ArchitectureTestSpaces.SeededParameters(space))
        {
            var description = space.Space.Describe(parameter, space.Input, space.Outputs);
            var golden = ArchitectureGoldenFile.Costs(spaceName, index);
            Assert.Equal(golden.GetProperty("parameters").GetInt64(), description.Parameters);
            Assert.Equal(golden.GetProperty("macs").GetInt64(), description.Macs);
            index++;
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Build_OfSeededArchitectures_HasPyTorchStateLayoutAndDescribedParameterCount(string spaceName)
    {
        var space = ArchitectureTestSpaces.Get(spaceName);
        int index = 0;
        foreach (var (_, parameter) in ArchitectureTestSpaces.SeededParameters(space))
        {
            var description = space.Space.Describe(parameter, space.Input, space.Outputs);
            using var network = description.Build();
            var golden = ArchitectureGoldenFile.Costs(spaceName, index);
            Assert.Equal(description.Parameters, network.parameters().Sum(p => p.numel()));
            var state = PyTorchStateOrder(network);
            Assert.Equal(golden.GetProperty("stateEntries").GetInt32(), state.Count);
            Assert.Equal(network.state_dict().Keys.Order(StringComparer.Ordinal), state.Select(entry => entry.Name).Order(StringComparer.Ordinal));
            Assert.Equal(golden.GetProperty("stateSignature").GetString(), StateSignature(state));
            index++;
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Forward_WithDeterministicWeights_MatchesPyTorchOutputs(string spaceName)
    {
        var space = ArchitectureTestSpaces.Get(spaceName);
        int index = 0;
        foreach (var (_, parameter) in ArchitectureTestSpaces.SeededParameters(space, ForwardComparisonsPerSpace))
        {
            var description = space.Space.Describe(parameter, space.Input, space.Outputs);
            using var network = description.Build();
            network.eval();
            FillDeterministically(network);
            using var scope = torch.NewDisposeScope();
            var input = DeterministicInput(space.Input);
            var output = network.forward(input);
            Assert.Equal(2, scope.DisposablesCount);
            Assert.Equal([2L, space.Outputs], output.shape);
            AssertClose(ArchitectureGoldenFile.Costs(spaceName, index), output.data<float>().ToArray(), $"{spaceName} #{index} ({space.Space.Summarize(parameter)})");

            index++;
        }
    }

    [Fact]
    public void HandmadeNetworks_CoveringEveryNodeType_MatchPyTorchCountsLayoutAndOutputs()
    {
        var handmade = ArchitectureTestSpaces.Handmade();
        for (int index = 0; index < handmade.Count; index++)
        {
            var description = handmade[index];
            var golden = ArchitectureGoldenFile.Costs("handmade", index);
            Assert.Equal(golden.GetProperty("parameters").GetInt64(), description.Parameters);
            Assert.Equal(golden.GetProperty("macs").GetInt64(), description.Macs);
            using var network = description.Build();
            Assert.Equal(description.Parameters, network.parameters().Sum(p => p.numel()));
            Assert.Equal(golden.GetProperty("stateSignature").GetString(), StateSignature(PyTorchStateOrder(network)));
            network.eval();
            FillDeterministically(network);
            using var scope = torch.NewDisposeScope();
            var output = network.forward(DeterministicInput(description.Input));
            Assert.Equal(2, scope.DisposablesCount);
            AssertClose(golden, output.data<float>().ToArray(), $"handmade #{index}");
        }
    }

    private static void AssertClose(JsonElement golden, float[] actual, string what)
    {
        var expected = golden.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1.0, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"{what} output {i}: PyTorch {expected[i]}, NasML {actual[i]}");
        }
    }

    /// <summary>SHA-256 (hex) of "name:dim x dim" lines of the state dict in PyTorch's order, as make_arch_costs.py computes it.</summary>
    internal static string StateSignature(IReadOnlyList<(string Name, Tensor Value, bool IsParameter)> state)
    {
        var text = string.Join("\n", state.Select(entry => entry.Name + ":" + string.Join("x", entry.Value.shape)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// The state dict's entries in PyTorch's order: module by module (depth first, children in registration order),
    /// each module's own parameters before its own persistent buffers. TorchSharp's <c>state_dict</c> holds the same
    /// entries but lists every parameter before every buffer, so the signature is computed from this walk.
    /// </summary>
    internal static List<(string Name, Tensor Value, bool IsParameter)> PyTorchStateOrder(nn.Module module)
    {
        var entries = new List<(string Name, Tensor Value, bool IsParameter)>();
        AddStateEntries(module, string.Empty, entries);
        return entries;
    }

    /// <summary>
    /// Fills every parameter as make_arch_costs.py does: v = sin(0.37·i + 1.1·p + 0.5) for element i of parameter p;
    /// weights of two or more dimensions get v·√(3 / fan_in), one-dimensional weights 1 + 0.2·v, biases 0.1·v.
    /// </summary>
    internal static void FillDeterministically(nn.Module network)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        int ordinal = 0;
        foreach (var (name, parameter, _) in PyTorchStateOrder(network).Where(entry => entry.IsParameter))
        {
            var shape = parameter.shape;
            long count = parameter.numel();
            double fanIn = shape.Length >= 2 ? count / (double)shape[0] : 1.0;
            var values = new float[count];
            for (long i = 0; i < count; i++)
            {
                double v = Math.Sin((0.37 * i) + (1.1 * ordinal) + 0.5);
                values[i] = (float)(shape.Length >= 2
                    ? v * Math.Sqrt(3.0 / fanIn)
                    : name.EndsWith(".weight", StringComparison.Ordinal) ? 1.0 + (0.2 * v) : 0.1 * v);
            }

            parameter.copy_(torch.tensor(values, shape));
            ordinal++;
        }
    }

    /// <summary>A batch of 2 with x[i] = sin(0.1·i + 0.3) over the flat index, as make_arch_costs.py builds it.</summary>
    internal static Tensor DeterministicInput(InputShape input)
    {
        long[] shape = [2, .. input.Dimensions.Select(d => (long)d)];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        for (long i = 0; i < count; i++)
        {
            values[i] = (float)Math.Sin((0.1 * i) + 0.3);
        }

        return torch.tensor(values, shape);
    }

    private static void AddStateEntries(nn.Module module, string prefix, List<(string Name, Tensor Value, bool IsParameter)> entries)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            entries.Add((prefix + name, parameter, true));
        }

        foreach (var (name, buffer) in module.named_buffers(recurse: false, include_nonpersistent: false))
        {
            entries.Add((prefix + name, buffer, false));
        }

        foreach (var (name, child) in module.named_children())
        {
            AddStateEntries(child, prefix + name + ".", entries);
        }
    }
}
