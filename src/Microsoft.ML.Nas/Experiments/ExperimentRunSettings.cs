using Microsoft.ML.Nas.Constraints;
using Microsoft.ML.Nas.Monitoring;
using Microsoft.ML.Nas.Scheduling;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Storage;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Experiments;

/// <summary>A snapshot of an experiment's configuration for one run.</summary>
internal sealed class ExperimentRunSettings
{
    public required SearchSpace SearchSpace { get; init; }

    public required int Seed { get; init; }

    public required ITuner Tuner { get; init; }

    public required ITrialScheduler Scheduler { get; init; }

    public required TrialExecutor Executor { get; init; }

    public required ITrialStore Store { get; init; }

    public required IMonitor Monitor { get; init; }

    public required ICostModel? CostModel { get; init; }

    public required ConstraintEvaluator Constraints { get; init; }

    public required int MaxConsecutiveRejections { get; init; }

    public required IReadOnlyList<Objective> Objectives { get; init; }

    public required int? MaxTrials { get; init; }

    public required TimeSpan? TrainingTime { get; init; }

    public required TimeProvider TimeProvider { get; init; }
}
