using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class EvolutionTunerConformanceTests : TunerConformanceTests<EvolutionTuner>
{
    protected override EvolutionTuner CreateTuner(SearchSpace searchSpace, int seed) => new(searchSpace, seed);
}
