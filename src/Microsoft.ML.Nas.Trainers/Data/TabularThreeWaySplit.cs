namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>A frame split in three by <see cref="TabularFrame.SplitThreeWays"/>.</summary>
/// <param name="Train">The rows to train on.</param>
/// <param name="Validation">The rows to choose architectures and stop training on.</param>
/// <param name="Test">The rows to report the final model on, untouched by the search.</param>
public sealed record TabularThreeWaySplit(TabularFrame Train, TabularFrame Validation, TabularFrame Test);
