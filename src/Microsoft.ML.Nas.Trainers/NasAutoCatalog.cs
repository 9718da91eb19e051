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

    /// <summary>
    /// Creates a neural architecture search over images (<see cref="NasImageData"/>: MobileNet and
    /// <see cref="Training.TrainingRecipeSpace.ForImages"/> unless the options say otherwise) or a table
    /// (<see cref="NasTabularData"/>: <see cref="Architectures.ArchitectureSpaces.Mlp"/> and
    /// <see cref="Training.TrainingRecipeSpace.ForTables"/> unless the options say otherwise).
    /// </summary>
    /// <param name="trainData">The training data; a part (stratified by class for classification) is held out for validation during the search.</param>
    /// <param name="options">The search space, recipe space, constraints and test set; defaults when <see langword="null"/>.</param>
    /// <returns>The experiment, to configure with its <c>Set*</c> methods and run with <see cref="NeuralArchitectureExperiment.RunAsync"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trainData"/> is <see langword="null"/>.</exception>
    public NeuralArchitectureExperiment NeuralArchitecture(NasData trainData, NeuralArchitectureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        return new NeuralArchitectureExperiment(trainData, options ?? new NeuralArchitectureOptions(), _seed);
    }
}
