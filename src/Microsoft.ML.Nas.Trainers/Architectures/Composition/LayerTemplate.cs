using Microsoft.ML.Nas.SearchSpaces;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>
/// A piece of a <see cref="ComposedArchitectureSpace"/>: one or more layers whose settings may be searched. Create
/// templates with <see cref="Layers"/>; combine them with <see cref="Layers.Choice"/>, <see cref="Layers.Repeat"/> and
/// <see cref="Layers.Sequence"/>.
/// </summary>
public abstract class LayerTemplate
{
    private protected LayerTemplate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the template's name: the value a <see cref="Layers.Choice"/> records when it picks this template.</summary>
    public string Name { get; }

    /// <summary>Gets the template's decisions (a <see cref="SearchSpace"/> or a <see cref="ChoiceOption"/>), or <see langword="null"/> when nothing is searched.</summary>
    public OptionBase? Option => OptionCore;

    /// <summary>Returns a copy with another name (to tell apart two candidates of a <see cref="Layers.Choice"/>).</summary>
    /// <param name="name">The new name; not empty.</param>
    /// <returns>The renamed template.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public LayerTemplate WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Rename(name);
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    internal abstract OptionBase? OptionCore { get; }

    /// <summary>Appends the template's nodes for its parameter (<see langword="null"/> when <see cref="Option"/> is).</summary>
    internal abstract void Describe(Parameter? parameter, LayerContext context);

    /// <summary>Parameters that together reach the smallest value of every cost (each <see langword="null"/> when nothing is searched).</summary>
    internal abstract IReadOnlyList<Parameter?> MinimalCandidates();

    internal abstract string Summarize(Parameter? parameter);

    private protected abstract LayerTemplate Rename(string name);
}
