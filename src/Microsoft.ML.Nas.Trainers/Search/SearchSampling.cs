namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>How many samples the search's candidates see: all of the split, or a seeded sample of it.</summary>
/// <param name="MaxSamples">The most samples, training and validation parts together; <see langword="null"/> for all.</param>
/// <param name="Seed">The seed of the sample.</param>
internal readonly record struct SearchSampling(int? MaxSamples, int Seed);
