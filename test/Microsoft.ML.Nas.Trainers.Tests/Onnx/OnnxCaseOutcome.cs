using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>How one case went: the largest absolute difference over every output and batch, and any problem found.</summary>
public sealed record OnnxCaseOutcome(string Name, string ModelPath, double MaxAbsoluteDifference, IReadOnlyList<string> Problems)
{
    public override string ToString() => Problems.Count == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Name}: max |ONNX Runtime − NasML| = {MaxAbsoluteDifference:E2}")
        : $"{Name}: {string.Join("; ", Problems)}";
}
