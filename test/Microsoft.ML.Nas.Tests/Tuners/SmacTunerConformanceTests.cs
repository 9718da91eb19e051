using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class SmacTunerConformanceTests : TunerConformanceTests<SmacTuner>
{
    protected override SmacTuner CreateTuner(SearchSpace searchSpace, int seed) => new(searchSpace, seed);
}
