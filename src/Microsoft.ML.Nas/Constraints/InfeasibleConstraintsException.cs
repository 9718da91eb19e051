namespace Microsoft.ML.Nas.Constraints;

/// <summary>
/// Thrown when the tuner proposed only infeasible candidates for a bounded number of consecutive proposals; the message
/// names the constraint and the smallest cost seen.
/// </summary>
public sealed class InfeasibleConstraintsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InfeasibleConstraintsException"/> class.</summary>
    public InfeasibleConstraintsException()
        : this("No feasible candidate was found.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InfeasibleConstraintsException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InfeasibleConstraintsException(string message)
        : base(message)
    {
        CostName = string.Empty;
        MaxValue = double.NaN;
        SmallestValue = double.NaN;
    }

    /// <summary>Initializes a new instance of the <see cref="InfeasibleConstraintsException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InfeasibleConstraintsException(string message, Exception innerException)
        : base(message, innerException)
    {
        CostName = string.Empty;
        MaxValue = double.NaN;
        SmallestValue = double.NaN;
    }

    /// <summary>Initializes a new instance of the <see cref="InfeasibleConstraintsException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="costName">The name of the constraint that was hardest to meet.</param>
    /// <param name="maxValue">That constraint's limit.</param>
    /// <param name="smallestValue">The smallest value of that cost among the rejected proposals.</param>
    /// <param name="consecutiveRejections">How many proposals in a row were rejected.</param>
    public InfeasibleConstraintsException(string message, string costName, double maxValue, double smallestValue, int consecutiveRejections)
        : base(message)
    {
        CostName = costName;
        MaxValue = maxValue;
        SmallestValue = smallestValue;
        ConsecutiveRejections = consecutiveRejections;
    }

    /// <summary>Gets the name of the constraint that was hardest to meet; empty when unknown.</summary>
    public string CostName { get; }

    /// <summary>Gets that constraint's limit; NaN when unknown.</summary>
    public double MaxValue { get; }

    /// <summary>Gets the smallest value of that cost among the rejected proposals; NaN when unknown.</summary>
    public double SmallestValue { get; }

    /// <summary>Gets how many proposals in a row were rejected.</summary>
    public int ConsecutiveRejections { get; }
}
