using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>One model run in ONNX Runtime: a float32 input fed to the graph input <c>input</c>.</summary>
internal sealed record OnnxRunCase(string Id, string ModelPath, float[] Input, long[] Dimensions);

/// <summary>An output of a run: its shape and values.</summary>
internal sealed record OnnxRunOutput(long[] Dimensions, float[] Values);

/// <summary>The result of a run: the session's input and output names and the outputs, or ONNX Runtime's error.</summary>
internal sealed record OnnxRunResult(
    string Id, string? Error, IReadOnlyList<string> InputNames, IReadOnlyList<string> OutputNames, IReadOnlyDictionary<string, OnnxRunOutput> Outputs);

/// <summary>
/// Runs models in real ONNX Runtime (onnxruntime-node, CPU) through tools/onnx-runner/run.js, many cases per node
/// process. build.sh installs the runner's packages; without them the tests fail and say so.
/// </summary>
internal static class OnnxRuntimeRunner
{
    public static string RunnerDirectory { get; } = FindRunnerDirectory();

    public static IReadOnlyDictionary<string, OnnxRunResult> Run(IReadOnlyList<OnnxRunCase> cases, string workDirectory)
    {
        RequireInstalled();
        var outputDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "ort-outputs")).FullName;
        var requestCases = new List<Dictionary<string, object>>();
        foreach (var runCase in cases)
        {
            var inputFile = Path.Combine(workDirectory, runCase.Id + ".input.bin");
            File.WriteAllBytes(inputFile, MemoryMarshal.AsBytes(runCase.Input.AsSpan()).ToArray());
            requestCases.Add(new Dictionary<string, object>
            {
                ["id"] = runCase.Id,
                ["model"] = runCase.ModelPath,
                ["inputs"] = new Dictionary<string, object>
                {
                    ["input"] = new Dictionary<string, object> { ["file"] = inputFile, ["dims"] = runCase.Dimensions },
                },
            });
        }

        var requestFile = Path.Combine(workDirectory, "request.json");
        File.WriteAllText(requestFile, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["outputDir"] = outputDirectory,
            ["cases"] = requestCases,
        }));

        var stdout = RunNode(requestFile);
        using var document = JsonDocument.Parse(stdout);
        var results = new Dictionary<string, OnnxRunResult>(StringComparer.Ordinal);
        foreach (var element in document.RootElement.GetProperty("results").EnumerateArray())
        {
            var id = element.GetProperty("id").GetString()!;
            if (element.TryGetProperty("error", out var error))
            {
                results[id] = new OnnxRunResult(id, error.GetString(), [], [], new Dictionary<string, OnnxRunOutput>());
                continue;
            }

            var outputs = new Dictionary<string, OnnxRunOutput>(StringComparer.Ordinal);
            foreach (var output in element.GetProperty("outputs").EnumerateObject())
            {
                var dimensions = output.Value.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                var bytes = File.ReadAllBytes(output.Value.GetProperty("file").GetString()!);
                outputs[output.Name] = new OnnxRunOutput(dimensions, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
            }

            results[id] = new OnnxRunResult(
                id, null, Names(element, "inputNames"), Names(element, "outputNames"), outputs);
        }

        return results;
    }

    private static string[] Names(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(name => name.GetString()!).ToArray();

    private static void RequireInstalled()
    {
        var package = Path.Combine(RunnerDirectory, "node_modules", "onnxruntime-node", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException(
                $"ONNX Runtime for the export tests is not installed ({package} is missing): run ./build.sh, which runs 'npm ci --ignore-scripts' in {RunnerDirectory}.");
        }
    }

    private static string RunNode(string requestFile)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RunnerDirectory,
        };
        start.ArgumentList.Add(Path.Combine(RunnerDirectory, "run.js"));
        start.ArgumentList.Add("--batch");
        start.ArgumentList.Add(requestFile);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                "Node.js ('node') is needed to run ONNX Runtime for the export tests and was not found on PATH: install it (./build.sh).", exception);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture, $"The ONNX Runtime runner exited with code {process.ExitCode}: {stderr.Result}"));
            }

            return stdout;
        }
    }

    private static string FindRunnerDirectory([CallerFilePath] string sourceFile = "")
    {
        var configured = Environment.GetEnvironmentVariable("NASML_ONNX_RUNNER_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        // test/Microsoft.ML.Nas.Trainers.Tests/Onnx/ → repository root.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "tools", "onnx-runner"));
    }
}
