using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>No layer at all: the "skip" candidate of a layer choice.</summary>
internal sealed class IdentityTemplate(string name) : LayerTemplate(name)
{
    internal override OptionBase? OptionCore => null;

    internal override void Describe(Parameter? parameter, LayerContext context)
    {
    }

    internal override IReadOnlyList<Parameter?> MinimalCandidates() => [null];

    internal override string Summarize(Parameter? parameter) => Name;

    private protected override LayerTemplate Rename(string name) => new IdentityTemplate(name);
}
