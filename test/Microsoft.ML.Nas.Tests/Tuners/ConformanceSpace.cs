using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>The space every tuner's conformance tests run on, with a synthetic two-objective evaluation.</summary>
internal static class ConformanceSpace
{
    /// <summary>An integer, a log-scale double, a choice, a Boolean and a conditional choice with a sub-space.</summary>
    public static SearchSpace Create() => new()
    {
        ["layers"] = new UniformIntOption(1, 8),
        ["learningRate"] = new UniformDoubleOption(1e-4, 1e-1, logBase: true),
        ["activation"] = new ChoiceOption("relu", "gelu", "hswish"),
        ["batchNorm"] = new BooleanOption(),
        ["block"] = new ChoiceOption(
            new ChoiceValue("mbconv", new SearchSpace { ["kernel"] = new ChoiceOption(3, 5, 7), ["expand"] = new UniformIntOption(1, 6) }),
            new ChoiceValue("identity")),
    };

    /// <summary>A loss with interactions between the decisions; smaller is better.</summary>
    public static double Loss(Parameter parameter)
    {
        var layers = parameter["layers"].AsType<int>();
        var learningRate = parameter["learningRate"].AsType<double>();
        var activation = parameter["activation"].AsType<string>();
        var batchNorm = parameter["batchNorm"].AsType<bool>();
        var block = parameter["block"];
        var loss = (Math.Pow(Math.Log10(learningRate) + 2.5, 2) / 4) + (Math.Abs(layers - 5) / 10.0)
            + (activation == "gelu" ? 0 : 0.1) + (batchNorm ? 0 : 0.15 * layers / 8.0);
        if (block["value"].AsType<string>() == "mbconv")
        {
            loss += (Math.Abs(block["kernel"].AsType<int>() - 5) / 20.0) + (Math.Abs(block["expand"].AsType<int>() - 4) / 30.0) - 0.1;
        }

        return loss;
    }

    /// <summary>A cost that grows with size, the second objective.</summary>
    public static double Cost(Parameter parameter)
    {
        var block = parameter["block"];
        var expand = block["value"].AsType<string>() == "mbconv" ? block["expand"].AsType<int>() : 1;
        return parameter["layers"].AsType<int>() * expand / 48.0;
    }

    /// <summary>Evaluates a trial: completed with the loss and the [loss, cost] objectives.</summary>
    public static TrialResult Evaluate(TrialSettings settings)
    {
        var loss = Loss(settings.Parameter!);
        return TunerHarness.Result(settings, TrialStatus.Completed, loss, [loss, Cost(settings.Parameter!)]);
    }
}
