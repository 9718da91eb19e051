using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Search;

/// <summary>
/// What a search minimises for a task: 1 − validation accuracy for classification, the validation RMSE in the targets'
/// own units for regression. Trials report it per epoch to the scheduler and as their loss.
/// </summary>
internal static class SearchObjective
{
    /// <summary>The trial metric holding the final validation accuracy (classification).</summary>
    public const string ValidationAccuracyName = "validationAccuracy";

    /// <summary>The trial metric holding the final validation RMSE (regression), in the targets' units.</summary>
    public const string ValidationRmseName = "validationRmse";

    /// <summary>The loss of a diverged classification candidate (no better than never predicting right).</summary>
    public const double DivergedClassificationLoss = 1;

    /// <summary>Gets the loss of an evaluation, or <see langword="null"/> when its outputs were not finite.</summary>
    public static double? Loss(TrainingTask task, EvaluationResult? evaluation) => task == TrainingTask.Classification
        ? evaluation?.Classification is { } classification ? 1 - classification.Accuracy : null
        : evaluation?.Regression?.Rmse;

    /// <summary>Gets the name of the trial metric that holds the final value of the objective.</summary>
    public static string MetricName(TrainingTask task) => task == TrainingTask.Classification ? ValidationAccuracyName : ValidationRmseName;

    /// <summary>Turns a loss back into the metric users read: accuracy (1 − loss) or RMSE (the loss itself).</summary>
    public static double MetricFromLoss(TrainingTask task, double loss) => task == TrainingTask.Classification ? 1 - loss : loss;

    /// <summary>Turns the metric users read into the loss (the inverse of <see cref="MetricFromLoss"/>).</summary>
    public static double LossFromMetric(TrainingTask task, double metric) => task == TrainingTask.Classification ? 1 - metric : metric;
}
