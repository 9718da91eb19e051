// Runs a small deterministic experiment against a checkpoint, resuming whatever the checkpoint holds:
//   dotnet Microsoft.ML.Nas.CrashHost.dll <checkpoint.sqlite> <maxTrials> <stepDelayMilliseconds>
// Prints one line per trial event (TextWriterMonitor) and "done" at the end. The crash test kills it with SIGKILL at
// random points and restarts it until it prints "done", then compares the checkpoint with an uninterrupted run's.
using System.Globalization;
using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Microsoft.ML.Nas.CrashHost <checkpoint.sqlite> <maxTrials> <stepDelayMilliseconds>");
    return 2;
}

var checkpoint = args[0];
var maxTrials = int.Parse(args[1], CultureInfo.InvariantCulture);
var stepDelay = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture));

var space = new SearchSpace
{
    { "x", new UniformDoubleOption(-5, 5) },
    { "y", new UniformDoubleOption(-5, 5) },
    { "width", new ChoiceOption(16, 32, 64) },
};

var result = await new NasExperiment()
    .SetSearchSpace(space)
    .SetSeed(5)
    .SetTuner(static (searchSpace, seed) => new CostFrugalTuner(searchSpace, seed))
    .SetMaxTrials(maxTrials)
    .SetCheckpoint(checkpoint)
    .SetCostModel(new WidthCostModel())
    .SetConstraints(HardwareConstraints.MaxParameters(1500))
    .SetScheduler(static () => new AshaScheduler(minFidelity: 1, maxFidelity: 9, reductionFactor: 3))
    .SetMonitor(new TextWriterMonitor(Console.Out))
    .SetTrialRunner(async (context, token) =>
    {
        var x = context.Parameter["x"].AsType<double>();
        var y = context.Parameter["y"].AsType<double>();
        var loss = ((x - 1) * (x - 1)) + ((y + 2) * (y + 2)) + (context.Parameter["width"].AsType<int>() / 64.0);
        if (context.TrialId % 6 == 4)
        {
            throw new InvalidOperationException($"scripted failure of trial {context.TrialId}");
        }

        for (var epoch = 1; epoch <= context.Fidelity; epoch++)
        {
            await Task.Delay(stepDelay, token);
            context.ReportIntermediate(epoch, loss + (3.0 / epoch));
        }

        return TrialOutcome.FromLoss(loss);
    })
    .RunAsync();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done best={result.BestTrial.TrialSettings.TrialId}"));
return 0;

/// <summary>Parameters grow with the width and with |x|: the constraint rejects wide candidates far from x = 0.</summary>
internal sealed class WidthCostModel : ICostModel
{
    public IReadOnlyDictionary<string, double> Estimate(Parameter parameter) => new Dictionary<string, double>
    {
        [CostNames.Parameters] = parameter["width"].AsType<int>() * 40 * (1 + Math.Abs(parameter["x"].AsType<double>())),
    };
}
