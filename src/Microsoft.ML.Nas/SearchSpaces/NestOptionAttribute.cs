namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// Marks a property whose type is itself an options class: it becomes a nested <see cref="SearchSpace"/> built
/// from that class's attributes, and its parameter a nested object.
/// </summary>
/// <example><code>
/// [NestOption] public StemOptions Stem { get; set; } = new();
/// </code></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class NestOptionAttribute : Attribute
{
}
