namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>A table split in two by <see cref="NasDataCatalog.TrainTestSplit"/>, as ML.NET's <c>TrainTestData</c>.</summary>
/// <param name="TrainSet">The rows to search and train on.</param>
/// <param name="TestSet">The held-out rows, for <see cref="NeuralArchitectureOptions.TestData"/>.</param>
public sealed record NasTabularTrainTestData(NasTabularData TrainSet, NasTabularData TestSet);
