namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>How <see cref="TabularPreprocessor.Fit"/> turns raw columns into features. Immutable once built.</summary>
public sealed class TabularPreprocessorOptions
{
    /// <summary>The default cap on one-hot categories per column.</summary>
    public const int DefaultMaxCategoriesPerColumn = 100;

    /// <summary>The value that replaces a missing number. Default <see cref="TabularNumericImputation.Mean"/>.</summary>
    public TabularNumericImputation NumericImputation { get; init; } = TabularNumericImputation.Mean;

    /// <summary>
    /// The most categories one column may one-hot encode (default <see cref="DefaultMaxCategoriesPerColumn"/>): when
    /// the training rows hold more, the most frequent are kept (ties broken ordinally) and the rest are encoded like
    /// unseen categories (all zeros). Guards against identifier-like columns blowing up the feature count.
    /// </summary>
    public int MaxCategoriesPerColumn { get; init; } = DefaultMaxCategoriesPerColumn;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(NumericImputation))
        {
            throw new ArgumentException(
                $"NumericImputation {(int)NumericImputation} is not a TabularNumericImputation.", nameof(NumericImputation));
        }

        if (MaxCategoriesPerColumn < 1)
        {
            throw new ArgumentException(
                $"MaxCategoriesPerColumn must be at least 1 (got {MaxCategoriesPerColumn}).", nameof(MaxCategoriesPerColumn));
        }
    }
}
