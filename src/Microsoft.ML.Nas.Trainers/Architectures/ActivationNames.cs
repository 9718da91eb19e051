using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The lower-case names of <see cref="Activation"/> (as JSON and search spaces spell them) and their TorchSharp functions.</summary>
internal static class ActivationNames
{
    private static readonly (Activation Activation, string Name)[] s_names =
    [
        (Activation.None, "none"),
        (Activation.ReLU, "relu"),
        (Activation.ReLU6, "relu6"),
        (Activation.Hardswish, "hardswish"),
        (Activation.SiLU, "silu"),
        (Activation.GELU, "gelu"),
    ];

    public static string Name(Activation activation)
    {
        foreach (var (candidate, name) in s_names)
        {
            if (candidate == activation)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a known activation.");
    }

    public static bool TryParse(string name, out Activation activation)
    {
        foreach (var (candidate, candidateName) in s_names)
        {
            if (string.Equals(candidateName, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                activation = candidate;
                return true;
            }
        }

        activation = Activation.None;
        return false;
    }

    public static Activation Parse(string name, string context) =>
        TryParse(name, out var activation)
            ? activation
            : throw new ArgumentException(
                $"{context}: '{name}' is not an activation; expected one of {string.Join(", ", s_names.Select(n => n.Name))}.");

    /// <summary>
    /// Applies the activation (TorchSharp's <c>nn.functional</c> form, as PyTorch's <c>F.relu</c> etc.) and returns a
    /// new tensor the caller owns. <see cref="Activation.None"/> is not applied here: callers return their input
    /// instead, which saves a copy. GELU is the exact (erf) form.
    /// </summary>
    public static Tensor Apply(Activation activation, Tensor input) => activation switch
    {
        Activation.ReLU => nn.functional.relu(input),
        Activation.ReLU6 => nn.functional.relu6(input),
        Activation.Hardswish => nn.functional.hardswish(input),
        Activation.SiLU => nn.functional.silu(input),
        Activation.GELU => nn.functional.gelu(input),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a known activation."),
    };
}
