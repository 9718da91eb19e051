using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class RandomTunerConformanceTests : TunerConformanceTests<RandomTuner>
{
    protected override RandomTuner CreateTuner(SearchSpace searchSpace, int seed) => new(searchSpace, seed);
}
