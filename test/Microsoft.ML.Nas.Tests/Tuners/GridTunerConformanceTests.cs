using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class GridTunerConformanceTests : TunerConformanceTests<GridTuner>
{
    protected override GridTuner CreateTuner(SearchSpace searchSpace, int seed) => new(searchSpace, seed);
}
