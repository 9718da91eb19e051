using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Engine.Serialization;

/// <summary>One tensor of a state file: its dotted name, element type, shape and raw little-endian bytes.</summary>
internal sealed record StateEntry(string Name, ScalarType Dtype, long[] Shape, byte[] Data)
{
    /// <summary>Gets the shape as text, as in messages: <c>[8, 3, 3, 3]</c>.</summary>
    public string ShapeText => Describe(Shape);

    /// <summary>Formats a shape as <c>[8, 3, 3, 3]</c>.</summary>
    public static string Describe(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
