using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Tuners;

namespace Microsoft.ML.Nas.Tests.Tuners;

public sealed class CostFrugalTunerConformanceTests : TunerConformanceTests<CostFrugalTuner>
{
    protected override CostFrugalTuner CreateTuner(SearchSpace searchSpace, int seed) => new(searchSpace, seed);
}
