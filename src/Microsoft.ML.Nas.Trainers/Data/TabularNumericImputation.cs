namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>The value that replaces a missing number in a numeric column.</summary>
public enum TabularNumericImputation
{
    /// <summary>The mean of the column's non-missing training values (0 when there are none).</summary>
    Mean,

    /// <summary>The median of the column's non-missing training values (0 when there are none).</summary>
    Median,
}
