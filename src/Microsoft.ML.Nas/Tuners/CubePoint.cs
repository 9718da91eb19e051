using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tuners;

/// <summary>A point of the unit cube together with the parameter the search space makes of it.</summary>
internal sealed class CubePoint
{
    /// <summary>Initializes a new instance of the <see cref="CubePoint"/> class.</summary>
    public CubePoint(double[] vector, Parameter parameter)
    {
        Vector = vector;
        Parameter = parameter;
    }

    /// <summary>Gets the canonical unit-cube vector: the mapping of <see cref="Parameter"/>, clamped to [0,1].</summary>
    public double[] Vector { get; }

    /// <summary>Gets the parameter.</summary>
    public Parameter Parameter { get; }
}
