namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// Marks a property of an options class as a <see cref="ChoiceOption"/> in a <see cref="SearchSpace{T}"/>.
/// Candidates are constants (strings, numbers, Booleans, enum members); on an enum property with no candidates,
/// every member of the enum is a candidate. Each candidate must convert to the property's type.
/// </summary>
/// <example><code>
/// [Choice("relu", "hswish")] public string Activation { get; set; } = "relu";
/// [Choice(3, 5, 7, DefaultValue = 5)] public int KernelSize { get; set; }
/// [Choice] public Activation ActivationKind { get; set; }
/// </code></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ChoiceAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="ChoiceAttribute"/> class.</summary>
    /// <param name="candidates">The values to choose from; empty on an enum property means all its members.</param>
    public ChoiceAttribute(params object[] candidates) => Candidates = candidates ?? [];

    /// <summary>Gets the values to choose from.</summary>
    public IReadOnlyList<object> Candidates { get; }

    /// <summary>Gets or sets the default value (one of the candidates); <see langword="null"/> means the first candidate.</summary>
    public object? DefaultValue { get; set; }
}
