using System.Globalization;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers;

/// <content>Prediction: labels, probabilities and values from raw inputs, images or table rows.</content>
public sealed partial class NasModel
{
    /// <summary>Predicts the class index of each sample (an index into <see cref="ClassNames"/>).</summary>
    /// <param name="inputs">
    /// Raw inputs, row-major, a whole number of samples of <see cref="InputShape"/>: pixel values 0–255 for images (the
    /// model normalizes them), preprocessed features for tables (as <see cref="Data.TabularPreprocessor.Transform"/> makes them).
    /// </param>
    /// <returns>One class index per sample (the arg-max logit, the first on ties).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The length is not a whole number of samples.</exception>
    /// <exception cref="InvalidOperationException">The model is a regression model, or the network's output does not fit.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public int[] PredictLabels(float[] inputs)
    {
        var logits = Run(inputs, TrainingTask.Classification, nameof(PredictLabels));
        var classCount = _classNames!.Length;
        var labels = new int[logits.Length / classCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.AsSpan(i * classCount, classCount);
            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            labels[i] = best;
        }

        return labels;
    }

    /// <summary>Predicts the class index of each image.</summary>
    /// <param name="images">Raw IDX images of the model's input size.</param>
    /// <returns>One class index per image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The images do not have the model's input shape.</exception>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public int[] PredictLabels(IdxImages images) => PredictLabels(ImageInputs(images));

    /// <summary>Predicts the class index of each raw table row, transformed by the model's <see cref="TabularPreprocessor"/>.</summary>
    /// <param name="rows">Rows as text keyed by column name (see <see cref="Data.TabularPreprocessor.TransformRow"/>).</param>
    /// <returns>One class index per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or a row is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A row lacks a column or holds an invalid number.</exception>
    /// <exception cref="InvalidOperationException">The model has no tabular preprocessor, or is a regression model.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public int[] PredictLabels(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows) => PredictLabels(RowInputs(rows));

    /// <summary>Predicts the class probabilities of each sample (a softmax of the logits).</summary>
    /// <param name="inputs">Raw inputs, row-major (see <see cref="PredictLabels(float[])"/>).</param>
    /// <returns>One array of <see cref="ClassNames"/>.Count probabilities per sample, summing to 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The length is not a whole number of samples.</exception>
    /// <exception cref="InvalidOperationException">The model is a regression model, or the network's output does not fit.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public float[][] PredictProbabilities(float[] inputs)
    {
        var logits = Run(inputs, TrainingTask.Classification, nameof(PredictProbabilities));
        var classCount = _classNames!.Length;
        var result = new float[logits.Length / classCount][];
        for (var i = 0; i < result.Length; i++)
        {
            var row = logits.AsSpan(i * classCount, classCount);
            var max = row[0];
            foreach (var value in row)
            {
                max = Math.Max(max, value);
            }

            double sum = 0;
            foreach (var value in row)
            {
                sum += Math.Exp(value - (double)max);
            }

            var probabilities = new float[classCount];
            for (var c = 0; c < classCount; c++)
            {
                probabilities[c] = (float)(Math.Exp(row[c] - (double)max) / sum);
            }

            result[i] = probabilities;
        }

        return result;
    }

    /// <summary>Predicts the class probabilities of each image.</summary>
    /// <param name="images">Raw IDX images of the model's input size.</param>
    /// <returns>One array of probabilities per image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The images do not have the model's input shape.</exception>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public float[][] PredictProbabilities(IdxImages images) => PredictProbabilities(ImageInputs(images));

    /// <summary>Predicts the class probabilities of each raw table row.</summary>
    /// <param name="rows">Rows as text keyed by column name.</param>
    /// <returns>One array of probabilities per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or a row is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A row lacks a column or holds an invalid number.</exception>
    /// <exception cref="InvalidOperationException">The model has no tabular preprocessor, or is a regression model.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public float[][] PredictProbabilities(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows) => PredictProbabilities(RowInputs(rows));

    /// <summary>Predicts the value of each sample in the targets' units (a regression model's output, un-standardized).</summary>
    /// <param name="inputs">Raw inputs, row-major (see <see cref="PredictLabels(float[])"/>).</param>
    /// <returns>One value per sample.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The length is not a whole number of samples.</exception>
    /// <exception cref="InvalidOperationException">The model is a classification model, or the network's output does not fit.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public float[] PredictValues(float[] inputs)
    {
        var values = Run(inputs, TrainingTask.Regression, nameof(PredictValues));
        if (TargetStandardization is { } standardization)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)standardization.Restore(values[i]);
            }
        }

        return values;
    }

    /// <summary>Predicts the value of each image.</summary>
    /// <param name="images">Raw IDX images of the model's input size.</param>
    /// <returns>One value per image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The images do not have the model's input shape.</exception>
    /// <exception cref="InvalidOperationException">The model is a classification model.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public float[] PredictValues(IdxImages images) => PredictValues(ImageInputs(images));

    /// <summary>Predicts the value of each raw table row.</summary>
    /// <param name="rows">Rows as text keyed by column name.</param>
    /// <returns>One value per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or a row is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A row lacks a column or holds an invalid number.</exception>
    /// <exception cref="InvalidOperationException">The model has no tabular preprocessor, or is a classification model.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public float[] PredictValues(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows) => PredictValues(RowInputs(rows));

    private float[] ImageInputs(IdxImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (_inputShape is not [1, var height, var width] || images.Height != height || images.Width != width)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The images are 1 × {images.Height} × {images.Width}; the model takes [{string.Join(", ", _inputShape)}]."),
                nameof(images));
        }

        return Array.ConvertAll(images.Pixels, pixel => (float)pixel);
    }

    private float[] RowInputs(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var preprocessor = TabularPreprocessor
            ?? throw new InvalidOperationException("The model has no tabular preprocessor: pass preprocessed features (float[]) instead of rows.");
        var features = new float[checked(rows.Count * preprocessor.FeatureCount)];
        for (var i = 0; i < rows.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(rows[i], nameof(rows));
            preprocessor.TransformRow(rows[i]).CopyTo(features, i * preprocessor.FeatureCount);
        }

        return features;
    }

    /// <summary>Runs the network over raw inputs in batches and returns its outputs, row-major.</summary>
    private float[] Run(float[] inputs, TrainingTask task, string method)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Task != task)
        {
            throw new InvalidOperationException($"{method} needs a {task} model; this is a {Task} model.");
        }

        var sampleSize = (int)_inputShape.Aggregate(1L, (product, size) => product * size);
        if (inputs.Length % sampleSize != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{inputs.Length} input values are not a whole number of samples of [{string.Join(", ", _inputShape)}] ({sampleSize} values each)."),
                nameof(inputs));
        }

        var count = inputs.Length / sampleSize;
        var width = task == TrainingTask.Classification ? _classNames!.Length : 1;
        var outputs = new float[checked(count * width)];
        lock (_lock)
        {
            ThrowIfDisposed();
            Module.eval();
            var device = Module.parameters().FirstOrDefault()?.device ?? CPU;
            using var noGrad = torch.no_grad();
            for (var start = 0; start < count; start += _predictionBatchSize)
            {
                var batch = Math.Min(_predictionBatchSize, count - start);
                using var scope = torch.NewDisposeScope();
                long[] shape = [batch, .. _inputShape];
                var input = torch.tensor(inputs.AsSpan(start * sampleSize, batch * sampleSize).ToArray(), shape, device: device);
                if (ImageNormalization is { } normalization)
                {
                    input = normalization.Apply(input);
                }

                var output = Module.forward(input);
                if (output.numel() != (long)batch * width || output.dim() == 0 || output.size(0) != batch)
                {
                    throw new InvalidOperationException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The network's output for {batch} samples is {CandidateTrainer.Describe(output)}; a {Task} model needs [{batch}, {width}]."));
                }

                CandidateTrainer.CopyToSpan(output.to_type(ScalarType.Float32), outputs.AsSpan(start * width, batch * width));
            }
        }

        return outputs;
    }
}
