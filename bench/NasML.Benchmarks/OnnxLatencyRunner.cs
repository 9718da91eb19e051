using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasML.Benchmarks;

/// <summary>One timing request to ONNX Runtime: a model, its input (raw float32 file) and how to run it.</summary>
internal sealed record OnnxLatencyRequest(
    string Id, string ModelPath, string InputFile, long[] Dimensions, int WarmupRuns, int MeasuredRuns, string Optimization, string? OutputDirectory);

/// <summary>The answer: every timed run in milliseconds and the last run's outputs (shape, and the raw float32 values when asked).</summary>
internal sealed record OnnxLatencyAnswer(string Id, double[] RunsMilliseconds, IReadOnlyDictionary<string, (long[] Dimensions, float[]? Values)> Outputs);

/// <summary>
/// ONNX Runtime (onnxruntime-node, CPU) in one long-lived node process, <c>tools/onnx-runner/latency.js --serve</c>:
/// requests go one JSON line at a time over stdin, so the process start and each model's session creation are paid
/// once and requests can alternate with libtorch measurements in this process. The node process waits idle (no CPU)
/// between requests.
/// </summary>
internal sealed class OnnxLatencyRunner : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _standardError;

    private OnnxLatencyRunner(Process process)
    {
        _process = process;
        _standardError = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <c>node latency.js --serve</c>; fails with a message saying what to install when node or onnxruntime-node is missing.</summary>
    public static OnnxLatencyRunner Start()
    {
        var runnerDirectory = FindRunnerDirectory();
        var package = Path.Combine(runnerDirectory, "node_modules", "onnxruntime-node", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException(
                $"ONNX Runtime is not installed ({package} is missing): run ./build.sh bench onnx, or 'npm ci --ignore-scripts' in {runnerDirectory}.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = runnerDirectory,
        };
        start.ArgumentList.Add(Path.Combine(runnerDirectory, "latency.js"));
        start.ArgumentList.Add("--serve");
        try
        {
            return new OnnxLatencyRunner(Process.Start(start) ?? throw new InvalidOperationException("node did not start."));
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("Node.js ('node') is needed to run ONNX Runtime and was not found on PATH.", exception);
        }
    }

    /// <summary>Sends one request and waits for its answer.</summary>
    public OnnxLatencyAnswer Run(OnnxLatencyRequest request)
    {
        var line = new JsonObject
        {
            ["id"] = request.Id,
            ["model"] = request.ModelPath,
            ["input"] = new JsonObject { ["file"] = request.InputFile, ["dims"] = new JsonArray([.. request.Dimensions.Select(d => JsonValue.Create(d))]) },
            ["warmup"] = request.WarmupRuns,
            ["runs"] = request.MeasuredRuns,
            ["optimization"] = request.Optimization,
            ["threads"] = 1,
        };
        if (request.OutputDirectory is not null)
        {
            line["outputDir"] = request.OutputDirectory;
        }

        _process.StandardInput.WriteLine(line.ToJsonString());
        _process.StandardInput.Flush();
        var answer = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"The ONNX Runtime latency runner stopped: {StandardErrorSoFar()}");
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"ONNX Runtime failed on {request.Id}: {error.GetString()}");
        }

        var runs = root.GetProperty("runsMs").EnumerateArray().Select(run => run.GetDouble()).ToArray();
        var outputs = new Dictionary<string, (long[], float[]?)>(StringComparer.Ordinal);
        foreach (var output in root.GetProperty("outputs").EnumerateObject())
        {
            var dimensions = output.Value.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            float[]? values = null;
            if (output.Value.TryGetProperty("file", out var file))
            {
                values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file.GetString()!)).ToArray();
            }

            outputs[output.Name] = (dimensions, values);
        }

        return new OnnxLatencyAnswer(request.Id, runs, outputs);
    }

    /// <summary>Closes the runner's input (it then exits) and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Writes float32 values as a raw little-endian file, the runner's input format.</summary>
    public static void WriteInput(string path, float[] values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private string StandardErrorSoFar()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            return "(still running; no answer)";
        }

        return string.Create(CultureInfo.InvariantCulture, $"exit code {_process.ExitCode}: {_standardError.Result}");
    }

    /// <summary>Finds <c>tools/onnx-runner</c>: <c>NASML_ONNX_RUNNER_DIR</c>, or above the working directory, the program or this source file.</summary>
    public static string FindRunnerDirectory([CallerFilePath] string sourceFile = "")
    {
        var configured = Environment.GetEnvironmentVariable("NASML_ONNX_RUNNER_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        // The repository root is above the working directory (build.sh) or this source file (a build in place).
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tools", "onnx-runner");
                if (File.Exists(Path.Combine(candidate, "latency.js")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("tools/onnx-runner/latency.js was not found above the working directory; set NASML_ONNX_RUNNER_DIR.");
    }
}
