using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>ONNX export of a trained <see cref="NasModel"/>: <c>result.BestModel.ExportOnnx("model.onnx")</c>.</summary>
public static class NasModelOnnxExtensions
{
    /// <summary>
    /// Exports the model's network with its preprocessing and head (see <see cref="CreateOnnxExportOptions"/>), so that
    /// the ONNX model takes what <see cref="NasModel"/>'s predict methods take: raw 0–255 pixels for images, rows encoded
    /// by <see cref="OnnxTabularInput"/> for tables.
    /// </summary>
    /// <param name="model">The trained model; do not predict with it on another thread during the export.</param>
    /// <param name="path">The file to write (see <see cref="OnnxExporter.Export(nn.Module{Tensor, Tensor}, OnnxExportOptions, string)"/>).</param>
    /// <param name="options">Options to use instead of <see cref="CreateOnnxExportOptions"/>'s, or <see langword="null"/> (the default).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or an option does not fit the model.</exception>
    /// <exception cref="OnnxExportException">A module of the network cannot be exported.</exception>
    public static void ExportOnnx(this NasModel model, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        OnnxExporter.Export(model.Module, options ?? model.CreateOnnxExportOptions(), path);
    }

    /// <summary>
    /// Describes the model for <see cref="OnnxExporter"/>: its input shape; the image normalization (rescaled to raw
    /// 0–255 pixels) or the tabular preprocessor's imputation and standardization in the graph; classification labels
    /// or the regression targets' standardization; the architecture JSON as metadata.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <returns>Options to export it with; adjust them with <c>with { ... }</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static OnnxExportOptions CreateOnnxExportOptions(this NasModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        OnnxInputNormalization? normalization = null;
        if (model.ImageNormalization is { } image)
        {
            // NasML computes (p · s − m) / σ; in the graph (p − m / s) / (σ / s), the same map on raw pixels p.
            normalization = new OnnxInputNormalization(
                image.Mean.Select(mean => (float)(mean / image.PixelScale)),
                image.StandardDeviation.Select(deviation => (float)(deviation / image.PixelScale)));
        }
        else if (model.TabularPreprocessor is { } preprocessor)
        {
            normalization = OnnxInputNormalization.FromTabularPreprocessor(preprocessor);
        }

        return new OnnxExportOptions
        {
            InputShape = model.InputShape.Select(dimension => checked((int)dimension)).ToArray(),
            Task = model.Task,
            ClassLabels = model.Task == TrainingTask.Classification ? model.ClassNames : null,
            TargetStandardization = model.TargetStandardization,
            InputNormalization = normalization,
            FeatureNames = model.TabularPreprocessor?.FeatureNames,
            ArchitectureJson = model.ArchitectureJson,
        };
    }
}
