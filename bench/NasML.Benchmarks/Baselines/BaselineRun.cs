namespace NasML.Benchmarks.Baselines;

/// <summary>What one baseline's training gave.</summary>
/// <param name="Epochs">The epochs it ran.</param>
/// <param name="TrainingSeconds">Its wall time.</param>
/// <param name="TestAccuracy">Its accuracy on the test set.</param>
internal sealed record BaselineRun(int Epochs, double TrainingSeconds, double TestAccuracy);
