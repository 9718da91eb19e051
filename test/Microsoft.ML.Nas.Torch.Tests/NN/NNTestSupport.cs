using System.Globalization;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

/// <summary>Shared helpers of the NN tests: golden cases, loading golden weights, gradient checks.</summary>
internal static class NNTestSupport
{
    public static GoldenCase Nn(string name) => GoldenValues.Case("nn", name);

    public static GoldenCase Loss(string name) => GoldenValues.Case("loss", name);

    public static bool Has(GoldenCase golden, string key) => golden.Element.TryGetProperty(key, out _);

    /// <summary>A golden tensor set to require grad (a leaf).</summary>
    public static Tensor Leaf(GoldenCase golden, string key)
    {
        var tensor = golden.Tensor(key);
        tensor.RequiresGrad = true;
        return tensor;
    }

    /// <summary>Loads the case's "state.*" entries (PyTorch's state dict) into the module, strictly.</summary>
    public static void LoadGoldenState(Module module, GoldenCase golden)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var property in golden.Element.EnumerateObject())
            {
                if (property.Name.StartsWith("state.", StringComparison.Ordinal))
                {
                    state[property.Name["state.".Length..]] = GoldenTensor(golden, property.Name);
                }
            }

            module.LoadStateDict(state);
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// A golden tensor with its exact shape: GoldenCase.Tensor goes through Tensor.FromArray, which reads an empty shape
    /// as "1-D", so a 0-dimensional entry (num_batches_tracked) is reshaped back to a scalar here.
    /// </summary>
    public static Tensor GoldenTensor(GoldenCase golden, string key)
    {
        var tensor = golden.Tensor(key);
        if (golden.Shape(key).Length > 0)
        {
            return tensor;
        }

        using (tensor)
        {
            return tensor.Reshape();
        }
    }

    /// <summary>Asserts the gradient of a leaf against a golden entry.</summary>
    public static void AssertGrad(GoldenCase golden, string key, Tensor leaf, double absoluteTolerance = 1e-5, double relativeTolerance = 1e-4)
    {
        using var gradient = leaf.Grad;
        Assert.NotNull(gradient);
        golden.AssertClose(key, gradient, absoluteTolerance, relativeTolerance);
    }

    /// <summary>
    /// Checks the module's gradients (input and every parameter) against central finite differences of
    /// f = Σ forward(x) · g, in float64, on a few entries of each tensor.
    /// </summary>
    /// <param name="module">A module already converted to float64.</param>
    /// <param name="inputShape">The input's shape.</param>
    /// <param name="seed">Reseeded before every forward, so random layers (dropout) draw the same mask.</param>
    public static void AssertFiniteDifferencesMatch(Module module, long[] inputShape, long seed = 17)
    {
        using var scope = DisposeScope.Begin();
        LibTorch.ManualSeed(seed + 1);
        var x = Tensor.Randn(inputShape, ScalarType.Float64);
        x.RequiresGrad = true;

        LibTorch.ManualSeed(seed);
        var y = module.Forward(x);
        LibTorch.ManualSeed(seed + 2);
        var g = Tensor.Randn(y.Shape, ScalarType.Float64);
        var upstream = g.ToArray<double>();
        module.ZeroGrad();
        y.Backward(g);

        var checkedTensors = new List<(string Name, Tensor Tensor)> { ("input", x) };
        checkedTensors.AddRange(module.NamedParameters());
        foreach (var (name, tensor) in checkedTensors)
        {
            var analytic = tensor.Grad!.ToArray<double>();
            var count = analytic.Length;
            foreach (var index in new[] { 0, count / 3, (2 * count) / 3, count - 1 }.Distinct())
            {
                const double step = 1e-6;
                Perturb(tensor, index, step);
                var plus = Objective(module, x, upstream, seed);
                Perturb(tensor, index, -2 * step);
                var minus = Objective(module, x, upstream, seed);
                Perturb(tensor, index, step);
                var numeric = (plus - minus) / (2 * step);
                var tolerance = 1e-7 + (1e-5 * Math.Abs(numeric));
                Assert.True(
                    Math.Abs(numeric - analytic[index]) <= tolerance,
                    string.Create(CultureInfo.InvariantCulture, $"{module.Name}: d/d{name}[{index}] analytic {analytic[index]:R}, numeric {numeric:R}"));
            }
        }
    }

    private static double Objective(Module module, Tensor x, double[] upstream, long seed)
    {
        using var scope = DisposeScope.Begin();
        using var noGrad = new NoGradScope();
        LibTorch.ManualSeed(seed);
        var values = module.Forward(x).ToArray<double>();
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i] * upstream[i];
        }

        return sum;
    }

    private static void Perturb(Tensor tensor, int index, double delta)
    {
        var values = tensor.ToArray<double>();
        values[index] += delta;
        using var perturbed = Tensor.FromArray(values, tensor.Shape);
        tensor.CopyFrom(perturbed);
    }
}
