// CA1720: the member names are the dtype vocabulary every libtorch user knows (torch.int64, torch.float32).
#pragma warning disable CA1720

namespace Microsoft.ML.Nas.Torch;

/// <summary>Element types of a tensor. The values are libtorch's <c>c10::ScalarType</c> codes.</summary>
public enum ScalarType
{
    /// <summary>8-bit unsigned integer (<see cref="byte"/>).</summary>
    UInt8 = 0,

    /// <summary>8-bit signed integer (<see cref="sbyte"/>).</summary>
    Int8 = 1,

    /// <summary>16-bit signed integer (<see cref="short"/>).</summary>
    Int16 = 2,

    /// <summary>32-bit signed integer (<see cref="int"/>).</summary>
    Int32 = 3,

    /// <summary>64-bit signed integer (<see cref="long"/>); the dtype of class labels and indices.</summary>
    Int64 = 4,

    /// <summary>16-bit floating point.</summary>
    Float16 = 5,

    /// <summary>32-bit floating point (<see cref="float"/>); the default for parameters and activations.</summary>
    Float32 = 6,

    /// <summary>64-bit floating point (<see cref="double"/>).</summary>
    Float64 = 7,

    /// <summary>Boolean, one byte per element.</summary>
    Bool = 11,
}
