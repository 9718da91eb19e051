using Google.Protobuf;
using Onnx;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// A named attribute of an ONNX node (an integer, a float, a string, or a list of integers or floats), as the
/// operator's specification names it, e.g. <c>OnnxAttributeValue.FromInt64s("kernel_shape", [3, 3])</c>.
/// </summary>
public sealed class OnnxAttributeValue
{
    private readonly AttributeProto _proto;

    private OnnxAttributeValue(AttributeProto proto)
    {
        _proto = proto;
    }

    /// <summary>Gets the attribute's name.</summary>
    public string Name => _proto.Name;

    /// <summary>Creates an integer attribute (ONNX <c>INT</c>).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static OnnxAttributeValue FromInt64(string name, long value) =>
        new(Create(name, AttributeProto.Types.AttributeType.Int, proto => proto.I = value));

    /// <summary>Creates a list-of-integers attribute (ONNX <c>INTS</c>).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static OnnxAttributeValue FromInt64s(string name, IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(Create(name, AttributeProto.Types.AttributeType.Ints, proto => proto.Ints.AddRange(values)));
    }

    /// <summary>Creates a float attribute (ONNX <c>FLOAT</c>).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static OnnxAttributeValue FromSingle(string name, float value) =>
        new(Create(name, AttributeProto.Types.AttributeType.Float, proto => proto.F = value));

    /// <summary>Creates a list-of-floats attribute (ONNX <c>FLOATS</c>).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static OnnxAttributeValue FromSingles(string name, IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(Create(name, AttributeProto.Types.AttributeType.Floats, proto => proto.Floats.AddRange(values)));
    }

    /// <summary>Creates a string attribute (ONNX <c>STRING</c>, UTF-8).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static OnnxAttributeValue FromString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(Create(name, AttributeProto.Types.AttributeType.String, proto => proto.S = ByteString.CopyFromUtf8(value)));
    }

    /// <inheritdoc/>
    public override string ToString() => _proto.ToString();

    internal AttributeProto ToProto() => _proto.Clone();

    private static AttributeProto Create(string name, AttributeProto.Types.AttributeType type, Action<AttributeProto> setValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var proto = new AttributeProto { Name = name, Type = type };
        setValue(proto);
        return proto;
    }
}
