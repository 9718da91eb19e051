using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Search;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>
/// The entry point of NasML, shaped after ML.NET's <c>MLContext</c>: loads data through <see cref="Data"/> and starts
/// architecture searches through <see cref="Auto"/>. Every random choice made from it derives from <see cref="Seed"/>.
/// </summary>
/// <example>
/// <code>
/// var nas = new NasContext(seed: 1);
/// var data = nas.Data.LoadIdxImages("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
/// var result = await nas.Auto().NeuralArchitecture(data).SetTrainingTimeInSeconds(600).RunAsync();
///
/// var table = nas.Data.TrainTestSplit(nas.Data.LoadCsv("churn.csv", labelColumn: "Churn"), testFraction: 0.2);
/// var tableResult = await nas.Auto()
///     .NeuralArchitecture(table.TrainSet, new NeuralArchitectureOptions { TestData = table.TestSet })
///     .SetTrainingTimeInSeconds(120)
///     .RunAsync();
/// </code>
/// </example>
public sealed class NasContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">The seed of every random choice (splits, tuners, weight initialisation); 0 by default.</param>
    public NasContext(int seed = 0)
    {
        Seed = seed;
        Data = new NasDataCatalog(seed);
    }

    /// <summary>Gets the seed given to the constructor.</summary>
    public int Seed { get; }

    /// <summary>Gets the data loaders (images, CSV tables) and splits.</summary>
    public NasDataCatalog Data { get; }

    /// <summary>Returns the catalog of automated searches (architecture search).</summary>
    /// <returns>A catalog bound to this context's seed.</returns>
    public NasAutoCatalog Auto() => new(Seed);

    /// <summary>Loads a model saved with <see cref="NasModel.Save"/>, rebuilding its network from the architecture it stores.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model; the caller disposes it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a NasML model, or its weights do not match its architecture.</exception>
    public static NasModel LoadModel(string path) => NasModel.Load(path, json => NetworkDescription.FromJson(json).Build());
}
