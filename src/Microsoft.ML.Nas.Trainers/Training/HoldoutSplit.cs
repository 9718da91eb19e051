namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Sample indices split in two by <see cref="DataSplit"/>; each part in increasing order.</summary>
/// <param name="Train">The samples to train on.</param>
/// <param name="Validation">The held-out samples.</param>
public sealed record HoldoutSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation);
