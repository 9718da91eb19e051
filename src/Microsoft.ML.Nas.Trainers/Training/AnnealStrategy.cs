namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>How <see cref="OneCycleLR"/> moves between two values within a phase.</summary>
internal enum AnnealStrategy
{
    /// <summary>Half a cosine wave: <c>end + (start − end) · (1 + cos(π · pct)) / 2</c> (PyTorch's "cos", the default).</summary>
    Cosine = 0,

    /// <summary>A straight line: <c>start + (end − start) · pct</c> (PyTorch's "linear").</summary>
    Linear = 1,
}
