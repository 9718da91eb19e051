using System.Diagnostics.CodeAnalysis;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>The kind of node a <see cref="Parameter"/> is, mirroring the JSON value kinds.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name JSON value kinds (object, string, integer), as ML.NET's ParameterType does.")]
public enum ParameterType
{
    /// <summary>An object: string keys (kept in insertion order) mapped to parameters.</summary>
    Object = 0,

    /// <summary>An ordered list of parameters.</summary>
    Array = 1,

    /// <summary>A whole number stored as a 64-bit integer (JSON numbers written without a fraction or exponent).</summary>
    Integer = 2,

    /// <summary>A finite floating-point number (JSON numbers written with a fraction or exponent).</summary>
    Number = 3,

    /// <summary>A string.</summary>
    String = 4,

    /// <summary>A Boolean.</summary>
    Bool = 5,

    /// <summary>The JSON <c>null</c> value.</summary>
    Null = 6,
}
