using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// A labelled data set for <see cref="NasAutoCatalog.NeuralArchitecture(NasData, NeuralArchitectureOptions?)"/>:
/// images (<see cref="NasImageData"/>) or a table (<see cref="NasTabularData"/>). Both go through the same search; each
/// kind knows how to split itself, fit its preprocessing on the training split only, and turn itself into tensors.
/// </summary>
public abstract class NasData
{
    private protected NasData()
    {
    }

    /// <summary>Gets the number of samples (images or rows).</summary>
    public abstract int Count { get; }

    /// <summary>Gets a word for messages: "images" or "table".</summary>
    internal abstract string KindName { get; }

    /// <summary>The architecture space searched when the options do not name one.</summary>
    internal abstract IArchitectureSpace CreateDefaultSearchSpace();

    /// <summary>The recipe space searched when the options do not name one.</summary>
    internal abstract TrainingRecipeSpace CreateDefaultRecipeSpace();

    /// <summary>
    /// Splits off a validation part (stratified by class for classification, seeded), fits the preprocessing on the
    /// training part only, calls <paramref name="validate"/> with the network's input shape and output count before
    /// building any tensor, and turns the data (and <paramref name="test"/>, with the same preprocessing) into tensors.
    /// </summary>
    /// <param name="validationFraction">The fraction held out for validation, in (0, 1).</param>
    /// <param name="seed">The seed of the split.</param>
    /// <param name="search">How many of the split's samples the search's candidates see (the preprocessing is fitted on the whole training part).</param>
    /// <param name="test">A test set of the same kind, or <see langword="null"/>.</param>
    /// <param name="validate">Checks the input shape and output count against the search (may throw).</param>
    /// <returns>The tensors; the caller disposes them.</returns>
    /// <exception cref="ArgumentException">The test set is of another kind, or does not match this data.</exception>
    internal abstract SearchDataSet Prepare(double validationFraction, int seed, SearchSampling search, NasData? test, Action<InputShape, int> validate);

    /// <summary>Throws when the test set is not of the training data's kind.</summary>
    private protected static T? RequireSameKind<T>(NasData? test, NasData train)
        where T : NasData => test switch
        {
            null => null,
            T same => same,
            _ => throw new ArgumentException(
                $"The test data is {test.KindName} but the training data is {train.KindName}; give a test set of the same kind.", nameof(test)),
        };
}
