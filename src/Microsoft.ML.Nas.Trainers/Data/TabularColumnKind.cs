namespace Microsoft.ML.Nas.Trainers.Data;

/// <summary>How the values of a feature column are read and turned into features.</summary>
public enum TabularColumnKind
{
    /// <summary>Invariant-culture numbers; imputed when missing, then standardized.</summary>
    Numeric,

    /// <summary>Text categories; one-hot encoded, with a dedicated category for missing values.</summary>
    Categorical,
}
