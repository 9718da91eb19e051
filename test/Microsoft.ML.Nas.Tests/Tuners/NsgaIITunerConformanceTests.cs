using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class NsgaIITunerConformanceTests : TunerConformanceTests<NsgaIITuner>
{
    protected override NsgaIITuner CreateTuner(SearchSpace searchSpace, int seed) => new(searchSpace, seed);
}
