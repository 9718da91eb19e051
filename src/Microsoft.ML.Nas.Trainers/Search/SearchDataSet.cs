using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// A data set made ready for a search (<see cref="NasData.Prepare"/>): every training sample preprocessed with statistics
/// of the training split only, the training and validation splits cut from it, an optional test set, and what a final
/// model needs to take raw inputs (image normalization or tabular preprocessor, target standardization). Owns its tensors.
/// </summary>
internal sealed class SearchDataSet : IDisposable
{
    private SearchDataSet(TensorDataset all, TensorDataset train, TensorDataset validation, TensorDataset? test, InputShape input, TabularPreprocessor? preprocessor)
    {
        All = all;
        Train = train;
        Validation = validation;
        Test = test;
        Input = input;
        TabularPreprocessor = preprocessor;
    }

    /// <summary>Gets every training sample (the training and validation splits together), for the final training.</summary>
    public TensorDataset All { get; }

    /// <summary>Gets the split candidates train on (a sample of it when the search is limited to fewer samples).</summary>
    public TensorDataset Train { get; }

    /// <summary>Gets the split candidates are validated on (a sample of it when the search is limited to fewer samples).</summary>
    public TensorDataset Validation { get; }

    /// <summary>Gets the test set, or <see langword="null"/>.</summary>
    public TensorDataset? Test { get; }

    /// <summary>Gets the network's per-sample input shape.</summary>
    public InputShape Input { get; }

    /// <summary>Gets the network's outputs: the class count, or 1 for regression.</summary>
    public int Outputs => All.Task == TrainingTask.Classification ? All.ClassCount : 1;

    /// <summary>Gets classification or regression.</summary>
    public TrainingTask Task => All.Task;

    /// <summary>Gets the preprocessor of raw table rows, or <see langword="null"/> for images.</summary>
    public TabularPreprocessor? TabularPreprocessor { get; }

    /// <summary>
    /// Cuts the splits from <paramref name="all"/>, shrunk to <paramref name="search"/>'s sample size when it has one
    /// (stratified for classification); takes ownership of <paramref name="all"/> and <paramref name="test"/>, also when
    /// it throws.
    /// </summary>
    public static SearchDataSet Create(TensorDataset all, HoldoutSplit split, SearchSampling search, TensorDataset? test, InputShape input, TabularPreprocessor? preprocessor)
    {
        TensorDataset? train = null;
        try
        {
            if (search.MaxSamples is { } maxSamples)
            {
                split = all.Task == TrainingTask.Classification
                    ? DataSplit.StratifiedSample(split, maxSamples, all.ClassLabelArray(), search.Seed)
                    : DataSplit.RandomSample(split, maxSamples, search.Seed);
            }

            train = all.Subset(split.Train);
            var validation = all.Subset(split.Validation);
            return new SearchDataSet(all, train, validation, test, input, preprocessor);
        }
        catch
        {
            train?.Dispose();
            test?.Dispose();
            all.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a trained network as a model that takes raw inputs; the model owns the module.</summary>
    public NasModel CreateModel(nn.Module<Tensor, Tensor> module, string architectureJson, IReadOnlyDictionary<string, double> metrics) =>
        NasModel.Create(module, architectureJson, All, TabularPreprocessor, metrics);

    /// <summary>Releases every tensor.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test?.Dispose();
        All.Dispose();
    }
}
