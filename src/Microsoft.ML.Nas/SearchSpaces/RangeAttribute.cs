namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// Marks a property of an options class as a numeric range in a <see cref="SearchSpace{T}"/>: an
/// <see cref="int"/> property becomes a <see cref="UniformIntOption"/>, a <see cref="double"/> property a
/// <see cref="UniformDoubleOption"/>, a <see cref="float"/> property a <see cref="UniformSingleOption"/>.
/// </summary>
/// <example><code>
/// [Range(1, 8)] public int Depth { get; set; }
/// [Range(1e-4, 1e-1, logBase: true)] public double LearningRate { get; set; }
/// </code></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class RangeAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="RangeAttribute"/> class for whole-number bounds.</summary>
    /// <param name="min">The smallest value (inclusive).</param>
    /// <param name="max">The largest value (inclusive).</param>
    /// <param name="logBase">Whether to search on a log scale (requires <paramref name="min"/> &gt; 0).</param>
    public RangeAttribute(int min, int max, bool logBase = false)
        : this((double)min, max, logBase)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RangeAttribute"/> class for whole-number bounds with a default.</summary>
    /// <param name="min">The smallest value (inclusive).</param>
    /// <param name="max">The largest value (inclusive).</param>
    /// <param name="init">The default value.</param>
    /// <param name="logBase">Whether to search on a log scale (requires <paramref name="min"/> &gt; 0).</param>
    public RangeAttribute(int min, int max, int init, bool logBase = false)
        : this((double)min, max, (double)init, logBase)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RangeAttribute"/> class.</summary>
    /// <param name="min">The smallest value (inclusive).</param>
    /// <param name="max">The largest value (inclusive).</param>
    /// <param name="logBase">Whether to search on a log scale (requires <paramref name="min"/> &gt; 0).</param>
    public RangeAttribute(double min, double max, bool logBase = false)
    {
        Min = min;
        Max = max;
        LogBase = logBase;
    }

    /// <summary>Initializes a new instance of the <see cref="RangeAttribute"/> class with a default.</summary>
    /// <param name="min">The smallest value (inclusive).</param>
    /// <param name="max">The largest value (inclusive).</param>
    /// <param name="init">The default value.</param>
    /// <param name="logBase">Whether to search on a log scale (requires <paramref name="min"/> &gt; 0).</param>
    public RangeAttribute(double min, double max, double init, bool logBase = false)
        : this(min, max, logBase) => Init = init;

    /// <summary>Gets the smallest value (inclusive).</summary>
    public double Min { get; }

    /// <summary>Gets the largest value (inclusive).</summary>
    public double Max { get; }

    /// <summary>Gets the default value, or <see langword="null"/> for the option's midpoint.</summary>
    public double? Init { get; }

    /// <summary>Gets whether the range is searched on a log scale.</summary>
    public bool LogBase { get; }
}
