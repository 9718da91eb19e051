using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.Nas.Torch.Tests;

/// <summary>
/// Reads golden values written by PyTorch (Debian's python3-torch) with the checked-in scripts in
/// TestData/Golden/make_*.py. File format: <c>{"cases": {"case": {"key": value}}}</c> where a value is a number or a
/// tensor <c>{"shape": [..], "dtype": "float32" | "float64" | "int64" | "bool", "data": [row-major values]}</c>.
/// </summary>
internal static class GoldenValues
{
    private static readonly Dictionary<string, JsonDocument> s_files = [];

    /// <summary>Gets one case of an area's golden file (TestData/Golden/&lt;area&gt;.json).</summary>
    public static GoldenCase Case(string area, string name)
    {
        JsonDocument document;
        lock (s_files)
        {
            if (!s_files.TryGetValue(area, out document!))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Golden", area + ".json");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"Golden file '{path}' is missing; run TestData/Golden/make_{area}.py with /usr/bin/python3.", path);
                }

                document = JsonDocument.Parse(File.ReadAllText(path));
                s_files[area] = document;
            }
        }

        if (!document.RootElement.GetProperty("cases").TryGetProperty(name, out var element))
        {
            throw new KeyNotFoundException($"Golden file '{area}.json' has no case '{name}'.");
        }

        return new GoldenCase(area + "/" + name, element);
    }
}

/// <summary>One golden case: named tensors and numbers.</summary>
internal sealed class GoldenCase(string name, JsonElement element)
{
    /// <summary>Gets the case's name (area/case).</summary>
    public string Name { get; } = name;

    /// <summary>Gets the raw JSON of the case.</summary>
    public JsonElement Element { get; } = element;

    /// <summary>Reads a number.</summary>
    public double Number(string key) => Get(key).GetDouble();

    /// <summary>Reads a tensor's shape.</summary>
    public long[] Shape(string key) => Get(key).GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();

    /// <summary>Reads a tensor's elements as doubles (bools as 0/1).</summary>
    public double[] Values(string key) =>
        Get(key).GetProperty("data").EnumerateArray()
            .Select(e => e.ValueKind switch
            {
                JsonValueKind.True => 1.0,
                JsonValueKind.False => 0.0,
                _ => e.GetDouble(),
            })
            .ToArray();

    /// <summary>Creates a tensor with the golden shape, values and dtype.</summary>
    public Tensor Tensor(string key)
    {
        var shape = Shape(key);
        var values = Values(key);
        var dtype = Get(key).GetProperty("dtype").GetString();

        // FromSpan, not FromArray: an empty shape is a 0-dimensional tensor here, not "infer 1-D".
        return dtype switch
        {
            "float32" => Microsoft.ML.Nas.Torch.Tensor.FromSpan<float>(values.Select(v => (float)v).ToArray(), shape),
            "float64" => Microsoft.ML.Nas.Torch.Tensor.FromSpan<double>(values, shape),
            "int64" => Microsoft.ML.Nas.Torch.Tensor.FromSpan<long>(values.Select(v => (long)v).ToArray(), shape),
            "bool" => Microsoft.ML.Nas.Torch.Tensor.FromSpan<bool>(values.Select(v => v != 0).ToArray(), shape),
            _ => throw new NotSupportedException($"{Name}: dtype '{dtype}' of '{key}'"),
        };
    }

    /// <summary>Asserts that <paramref name="actual"/> has the golden shape and values within a tolerance.</summary>
    public void AssertClose(string key, Tensor actual, double absoluteTolerance = 1e-5, double relativeTolerance = 1e-4)
    {
        Assert.Equal(Shape(key), actual.Shape);
        using var asDouble = actual.To(ScalarType.Float64);
        var got = asDouble.ToArray<double>();
        var expected = Values(key);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = absoluteTolerance + (relativeTolerance * Math.Abs(expected[i]));
            if (!(Math.Abs(got[i] - expected[i]) <= tolerance))
            {
                Assert.Fail(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Name}.{key}[{i}]: expected {expected[i]:R}, got {got[i]:R} (tolerance {tolerance:G3})"));
            }
        }
    }

    private JsonElement Get(string key) =>
        Element.TryGetProperty(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Golden case '{Name}' has no entry '{key}'.");
}
