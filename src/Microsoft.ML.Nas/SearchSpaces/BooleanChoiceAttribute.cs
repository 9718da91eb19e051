namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>Marks a <see cref="bool"/> property of an options class as a <see cref="BooleanOption"/> in a <see cref="SearchSpace{T}"/>.</summary>
/// <example><code>
/// [BooleanChoice] public bool UseSE { get; set; }
/// </code></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class BooleanChoiceAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="BooleanChoiceAttribute"/> class whose default is <see langword="false"/>.</summary>
    public BooleanChoiceAttribute()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BooleanChoiceAttribute"/> class.</summary>
    /// <param name="defaultValue">The default value.</param>
    public BooleanChoiceAttribute(bool defaultValue) => DefaultValue = defaultValue;

    /// <summary>Gets the default value, or <see langword="null"/> when none was given (<see langword="false"/>).</summary>
    public bool? DefaultValue { get; }
}
