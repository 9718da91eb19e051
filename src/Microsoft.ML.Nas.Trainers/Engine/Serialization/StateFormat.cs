using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Engine.Serialization;

/// <summary>Constants of the NasML state file format (docs/state-format.md).</summary>
internal static class StateFormat
{
    /// <summary>The 8 ASCII bytes every state file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "NASMLST1"u8;

    /// <summary>The format version this code writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>The length of the trailing SHA-256 checksum.</summary>
    public const int ChecksumLength = 32;

    /// <summary>The longest entry name, in UTF-8 bytes.</summary>
    public const int MaxNameLength = 1 << 16;

    /// <summary>The most dimensions an entry may have.</summary>
    public const int MaxDimensions = 64;

    /// <summary>
    /// Gets the size in bytes of one element of <paramref name="dtype"/>, or 0 if the format does not store it. The
    /// format's dtype codes are libtorch's <c>c10::ScalarType</c> codes, which TorchSharp's <see cref="ScalarType"/>
    /// values equal.
    /// </summary>
    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => 0,
    };
}
