namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>What the label column of a table asks a model to predict.</summary>
public enum TabularTask
{
    /// <summary>Predict one of K ≥ 2 classes; labels become class indices 0..K-1.</summary>
    Classification,

    /// <summary>Predict a real number.</summary>
    Regression,
}
