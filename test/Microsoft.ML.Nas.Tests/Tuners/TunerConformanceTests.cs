using Microsoft.ML.Nas.Experiments;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

/// <summary>
/// The contract every <see cref="ITuner"/> honours; each tuner's test class inherits it and supplies the factory.
/// </summary>
/// <typeparam name="TTuner">The tuner under test.</typeparam>
public abstract class TunerConformanceTests<TTuner>
    where TTuner : ITuner
{
    /// <summary>Creates the tuner under test.</summary>
    protected abstract TTuner CreateTuner(SearchSpace searchSpace, int seed);

    [Fact]
    public void Propose_ManyTrials_StaysInsideSpaceAndRoundTrips()
    {
        var space = ConformanceSpace.Create();
        var tuner = CreateTuner(space, seed: 1);

        var results = TunerHarness.Run(tuner, 60, ConformanceSpace.Evaluate);

        Assert.All(results, r => TunerHarness.AssertInside(space, r.TrialSettings.Parameter!));
    }

    [Fact]
    public void Propose_SameSeed_GivesSameSequence()
    {
        var first = ProposalsJson(seed: 7, trials: 50);
        var second = ProposalsJson(seed: 7, trials: 50);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Propose_DifferentSeeds_GiveDifferentSequences()
    {
        var first = ProposalsJson(seed: 7, trials: 50);
        var second = ProposalsJson(seed: 8, trials: 50);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Update_FailedRejectedPrunedAndNonFiniteTrials_KeepsProposalsInsideSpace()
    {
        var space = ConformanceSpace.Create();
        var tuner = CreateTuner(space, seed: 3);
        var outcomes = new (TrialStatus Status, double Loss, double[]? Objectives)[]
        {
            (TrialStatus.Failed, double.NaN, null),
            (TrialStatus.Rejected, double.NaN, null),
            (TrialStatus.Completed, double.NaN, [double.NaN, 1.0]),
            (TrialStatus.Completed, double.PositiveInfinity, [double.PositiveInfinity, double.PositiveInfinity]),
            (TrialStatus.Completed, double.NegativeInfinity, [double.NegativeInfinity, 0.5]),
            (TrialStatus.Pruned, 0.8, [0.8, 0.2]),
            (TrialStatus.Failed, 0.1, [0.1, 0.1]),
            (TrialStatus.Completed, 0.5, [0.5]),
        };

        var results = TunerHarness.Run(tuner, 80, settings =>
        {
            var (status, loss, objectives) = outcomes[settings.TrialId % outcomes.Length];
            return settings.TrialId % 3 == 0
                ? ConformanceSpace.Evaluate(settings)
                : TunerHarness.Result(settings, status, loss, objectives);
        });

        Assert.All(results, r => TunerHarness.AssertInside(space, r.TrialSettings.Parameter!));
    }

    [Fact]
    public void Update_EveryTrialFails_KeepsProposalsInsideSpace()
    {
        var space = ConformanceSpace.Create();
        var tuner = CreateTuner(space, seed: 4);

        var results = TunerHarness.Run(tuner, 60, settings => TunerHarness.Result(settings, TrialStatus.Failed, double.NaN));

        Assert.All(results, r => TunerHarness.AssertInside(space, r.TrialSettings.Parameter!));
    }

    [Fact]
    public void Propose_AfterReplayingRecordedHistory_MatchesOriginalTuner()
    {
        var space = ConformanceSpace.Create();
        var original = CreateTuner(space, seed: 5);
        var history = TunerHarness.Run(original, 40, settings => settings.TrialId % 7 == 3
            ? TunerHarness.Result(settings, TrialStatus.Failed, double.NaN)
            : ConformanceSpace.Evaluate(settings));
        var expected = original.Propose(new TrialSettings { TrialId = 40 });

        var replayed = CreateTuner(ConformanceSpace.Create(), seed: 5);
        foreach (var record in history)
        {
            var proposal = replayed.Propose(new TrialSettings { TrialId = record.TrialSettings.TrialId });
            Assert.Equal(record.TrialSettings.Parameter, proposal);
            replayed.Update(record);
        }

        Assert.Equal(expected, replayed.Propose(new TrialSettings { TrialId = 40 }));
    }

    [Fact]
    public void Propose_SeveralBeforeAnyUpdate_StaysInsideSpaceAndKeepsWorking()
    {
        var space = ConformanceSpace.Create();
        var tuner = CreateTuner(space, seed: 6);
        var batch = Enumerable.Range(0, 8).Select(id =>
        {
            var settings = new TrialSettings { TrialId = id };
            settings.Parameter = tuner.Propose(settings);
            return settings;
        }).ToList();

        foreach (var settings in Enumerable.Reverse(batch))
        {
            TunerHarness.AssertInside(space, settings.Parameter!);
            tuner.Update(ConformanceSpace.Evaluate(settings));
        }

        var results = TunerHarness.Run(tuner, 40, ConformanceSpace.Evaluate, firstTrialId: batch.Count);

        Assert.All(results, r => TunerHarness.AssertInside(space, r.TrialSettings.Parameter!));
    }

    [Fact]
    public void Update_TrialTheTunerDidNotPropose_IsAccepted()
    {
        var space = ConformanceSpace.Create();
        var tuner = CreateTuner(space, seed: 9);
        var foreign = new TrialSettings { TrialId = 1000, Parameter = space.SampleFromFeatureSpace(space.Default) };

        tuner.Update(ConformanceSpace.Evaluate(foreign));
        tuner.Update(TunerHarness.Result(new TrialSettings { TrialId = 1001 }, TrialStatus.Rejected, double.NaN));
        var results = TunerHarness.Run(tuner, 30, ConformanceSpace.Evaluate);

        Assert.All(results, r => TunerHarness.AssertInside(space, r.TrialSettings.Parameter!));
    }

    [Fact]
    public void Propose_EmptySpace_ReturnsTheEmptyParameter()
    {
        var space = new SearchSpace();
        var tuner = CreateTuner(space, seed: 1);

        var results = TunerHarness.Run(tuner, 5, settings => TunerHarness.Result(settings, TrialStatus.Completed, 1.0, [1.0, 1.0]));

        Assert.All(results, r => Assert.Equal(space.SampleFromFeatureSpace([]), r.TrialSettings.Parameter));
    }

    [Fact]
    public void ProposeAndUpdate_NullArguments_Throw()
    {
        var tuner = CreateTuner(ConformanceSpace.Create(), seed: 1);

        Assert.Throws<ArgumentNullException>(() => tuner.Propose(null!));
        Assert.Throws<ArgumentNullException>(() => tuner.Update(null!));
    }

    private List<string> ProposalsJson(int seed, int trials)
    {
        var tuner = CreateTuner(ConformanceSpace.Create(), seed);
        return [.. TunerHarness.Run(tuner, trials, ConformanceSpace.Evaluate).Select(r => r.TrialSettings.Parameter!.ToJson())];
    }
}
