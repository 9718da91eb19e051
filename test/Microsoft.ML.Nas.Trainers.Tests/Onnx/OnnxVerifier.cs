using System.Globalization;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>A batch fed to both sides: raw values to the ONNX graph, the same samples preprocessed to the NasML network.</summary>
internal sealed record OnnxBatch(int Count, float[] Raw, float[] Preprocessed);

/// <summary>A model to export and check: the exported file runs in ONNX Runtime on every batch and matches NasML's eval outputs.</summary>
internal sealed record OnnxVerificationCase(string Name, nn.Module<Tensor, Tensor> Model, OnnxExportOptions Options, IReadOnlyList<OnnxBatch> Batches);

/// <summary>Exports cases, runs them all in one ONNX Runtime process, and compares with NasML.</summary>
internal static class OnnxVerifier
{
    public const double Tolerance = 1e-4;

    public static Dictionary<string, OnnxCaseOutcome> ExportAndCompare(IReadOnlyList<OnnxVerificationCase> cases, string workDirectory)
    {
        var problems = cases.ToDictionary(c => c.Name, _ => new List<string>(), StringComparer.Ordinal);
        var expected = new Dictionary<string, Dictionary<string, float[]>>(StringComparer.Ordinal);
        var runs = new List<OnnxRunCase>();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var verification in cases)
        {
            var path = Path.Combine(workDirectory, verification.Name + ".onnx");
            paths[verification.Name] = path;
            try
            {
                OnnxExporter.Export(verification.Model, verification.Options, path);
            }
            catch (Exception exception) when (exception is OnnxExportException or ArgumentException)
            {
                problems[verification.Name].Add("export failed: " + exception.Message);
                continue;
            }

            for (var b = 0; b < verification.Batches.Count; b++)
            {
                var batch = verification.Batches[b];
                var id = string.Create(CultureInfo.InvariantCulture, $"{verification.Name}.batch{b}");
                long[] dimensions = [batch.Count, .. verification.Options.InputShape.Select(d => (long)d)];
                expected[id] = NasMLOutputs(verification, batch, dimensions);
                runs.Add(new OnnxRunCase(id, path, batch.Raw, dimensions));
            }
        }

        var results = runs.Count == 0 ? new Dictionary<string, OnnxRunResult>() : OnnxRuntimeRunner.Run(runs, workDirectory);
        var differences = cases.ToDictionary(c => c.Name, _ => 0.0, StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var name = run.Id[..run.Id.LastIndexOf(".batch", StringComparison.Ordinal)];
            if (!results.TryGetValue(run.Id, out var result) || result.Error is not null)
            {
                problems[name].Add($"{run.Id}: ONNX Runtime failed: {result?.Error ?? "no result"}");
                continue;
            }

            foreach (var (output, values) in expected[run.Id])
            {
                if (!result.Outputs.TryGetValue(output, out var actual))
                {
                    problems[name].Add($"{run.Id}: no output '{output}' (outputs: {string.Join(", ", result.OutputNames)})");
                    continue;
                }

                var width = values.Length / run.Dimensions[0];
                if (!actual.Dimensions.SequenceEqual([run.Dimensions[0], width]))
                {
                    problems[name].Add($"{run.Id}: '{output}' has shape [{string.Join(", ", actual.Dimensions)}], expected [{run.Dimensions[0]}, {width}]");
                    continue;
                }

                var difference = MaxAbsoluteDifference(values, actual.Values);
                differences[name] = Math.Max(differences[name], difference);
                if (!(difference <= Tolerance))
                {
                    problems[name].Add(string.Create(CultureInfo.InvariantCulture, $"{run.Id}: '{output}' differs by {difference:E3} (> {Tolerance:E0})"));
                }
            }
        }

        return cases.ToDictionary(
            c => c.Name,
            c => new OnnxCaseOutcome(c.Name, paths[c.Name], differences[c.Name], problems[c.Name]),
            StringComparer.Ordinal);
    }

    /// <summary>NasML's outputs in evaluation mode, named as the exported graph names them.</summary>
    public static Dictionary<string, float[]> NasMLOutputs(OnnxVerificationCase verification, OnnxBatch batch, long[] dimensions)
    {
        var model = verification.Model;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var output = model.call(torch.tensor(batch.Preprocessed, dimensions));
            if (verification.Options.Task == TrainingTask.Regression)
            {
                return new Dictionary<string, float[]>(StringComparer.Ordinal) { [OnnxExporter.ScoreName] = output.data<float>().ToArray() };
            }

            return new Dictionary<string, float[]>(StringComparer.Ordinal)
            {
                [OnnxExporter.LogitsName] = output.data<float>().ToArray(),
                [OnnxExporter.ProbabilitiesName] = nn.functional.softmax(output, 1).data<float>().ToArray(),
            };
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    public static double MaxAbsoluteDifference(float[] expected, float[] actual)
    {
        if (expected.Length != actual.Length)
        {
            return double.PositiveInfinity;
        }

        var maximum = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(difference))
            {
                return double.NaN;
            }

            maximum = Math.Max(maximum, difference);
        }

        return maximum;
    }
}
