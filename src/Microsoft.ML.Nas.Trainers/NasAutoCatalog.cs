using Microsoft.ML.Nas.Trainers.Search;

namespace Microsoft.ML.Nas.Trainers;

/// <summary>Automated searches, reached through <see cref="NasContext.Auto"/> (ML.NET's <c>mlContext.Auto()</c>).</summary>
public sealed class NasAutoCatalog
{
    private readonly int _seed;

    internal NasAutoCatalog(int seed)
    {
        _seed = seed;
    }

    /// <summary>Creates a neural architecture search over an image classification data set.</summary>
    /// <param name="trainData">The training images; a stratified part is held out for validation during the search.</param>
    /// <param name="options">The search space, recipe space, constraints and test set; defaults when <see langword="null"/>.</param>
    /// <returns>The experiment, to configure with its <c>Set*</c> methods and run with <see cref="NeuralArchitectureExperiment.RunAsync"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trainData"/> is <see langword="null"/>.</exception>
    public NeuralArchitectureExperiment NeuralArchitecture(NasImageData trainData, NeuralArchitectureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        return new NeuralArchitectureExperiment(trainData, options ?? new NeuralArchitectureOptions(), _seed);
    }
}
