namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>A frame split in two by <see cref="TabularFrame.Split"/>.</summary>
/// <param name="Train">The rows to train on.</param>
/// <param name="Holdout">The held-out rows (validation or test).</param>
public sealed record TabularSplit(TabularFrame Train, TabularFrame Holdout);
