namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// One value of a <see cref="ChoiceOption"/>, optionally carrying its own sub-space: the decisions that exist only
/// when this value is chosen (a conditional decision, for example block type "mbconv" with its own kernel size
/// and expansion ratio).
/// </summary>
public sealed class ChoiceValue
{
    private readonly Parameter _value;

    /// <summary>Initializes a new instance of the <see cref="ChoiceValue"/> class.</summary>
    /// <param name="value">The value (any JSON-like parameter; stored as a copy).</param>
    /// <param name="subSpace">The decisions that apply only when this value is chosen; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="subSpace"/> has the key <c>"value"</c>, which the conditional parameter uses for the chosen value.</exception>
    public ChoiceValue(Parameter value, SearchSpace? subSpace = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (subSpace is not null && subSpace.ContainsKey(ChoiceOption.ValueKey))
        {
            throw new ArgumentException(
                $"ChoiceValue {value}: its sub-space cannot have the key '{ChoiceOption.ValueKey}', which holds the chosen value.",
                nameof(subSpace));
        }

        _value = value.Clone();
        SubSpace = subSpace;
    }

    /// <summary>Initializes a new instance of the <see cref="ChoiceValue"/> class with a string value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="subSpace">The decisions that apply only when this value is chosen; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="subSpace"/> has the key <c>"value"</c>.</exception>
    public ChoiceValue(string value, SearchSpace? subSpace = null)
        : this(Parameter.FromString(value), subSpace)
    {
    }

    /// <summary>Gets the value (a copy the caller may edit).</summary>
    public Parameter Value => _value.Clone();

    /// <summary>Gets the decisions that apply only when this value is chosen, or <see langword="null"/>.</summary>
    public SearchSpace? SubSpace { get; }

    /// <summary>Gets the stored value without copying (callers must not edit it).</summary>
    internal Parameter StoredValue => _value;
}
