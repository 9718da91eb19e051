using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Tests.Architectures;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

/// <summary>
/// Golden values of PyTorch's optimizers, gradient clipping and schedules in TestData/optim.json, written by
/// TestData/make_optim.py (Debian's python3-torch 1.13). A case maps keys to numbers or tensors
/// <c>{"shape": [..], "dtype": "float32" | "float64", "data": [row-major values]}</c>.
/// </summary>
internal static class OptimGolden
{
    private static readonly Lazy<JsonDocument> s_document = new(() => JsonDocument.Parse(File.ReadAllText(ArchitectureGoldenFile.PathOf("optim.json"))));

    /// <summary>Gets one case.</summary>
    public static JsonElement Case(string name) =>
        s_document.Value.RootElement.GetProperty("cases").TryGetProperty(name, out var element)
            ? element
            : throw new KeyNotFoundException($"optim.json has no case '{name}'.");

    /// <summary>Reads a number of a case.</summary>
    public static double Number(this JsonElement golden, string key) => golden.GetProperty(key).GetDouble();

    /// <summary>Reads a tensor's elements of a case as doubles.</summary>
    public static double[] Values(this JsonElement golden, string key) =>
        [.. golden.GetProperty(key).GetProperty("data").EnumerateArray().Select(value => value.GetDouble())];

    /// <summary>Asserts that a tensor matches a golden tensor element by element within |e − a| ≤ atol + rtol·|e|.</summary>
    public static void AssertClose(this JsonElement golden, string key, Tensor actual, double absoluteTolerance, double relativeTolerance, string what)
    {
        var expected = golden.Values(key);
        var values = actual.to_type(ScalarType.Float64).ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - values[i]) <= absoluteTolerance + (relativeTolerance * Math.Abs(expected[i]))))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what} {key}[{i}]: PyTorch {expected[i]:R}, TorchSharp {values[i]:R}"));
            }
        }
    }
}
