using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// A search space built from the attributes on an options class: <see cref="RangeAttribute"/>,
/// <see cref="ChoiceAttribute"/>, <see cref="BooleanChoiceAttribute"/> and <see cref="NestOptionAttribute"/>.
/// Its parameters are objects keyed by property name (or <c>[JsonPropertyName]</c>), which
/// <see cref="ToOptions"/> turns into a <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">The options class; properties without a search-space attribute keep their initial values.</typeparam>
/// <remarks>
/// Keys follow the properties' declaration order. Without a default instance, each option's default is the
/// attribute's (<c>init</c>, <c>DefaultValue</c>) or the option's own; with one, the instance's property values are
/// the defaults. The space's JSON and stable hash equal those of the same space built by hand.
/// <example><code>
/// public sealed class BlockOptions
/// {
///     [Range(1, 8)] public int Depth { get; set; }
///     [Range(1e-4, 1e-1, logBase: true)] public double LearningRate { get; set; }
///     [Choice("relu", "hswish")] public string Activation { get; set; } = "relu";
///     [BooleanChoice] public bool UseSE { get; set; }
/// }
/// var space = new SearchSpace&lt;BlockOptions&gt;();
/// BlockOptions options = space.ToOptions(space.SampleFromFeatureSpace(space.Default));
/// </code></example>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "ML.NET's name for the concept; a space is an option first, a dictionary second.")]
public sealed class SearchSpace<T> : OptionBase, IReadOnlyDictionary<string, OptionBase>
    where T : class
{
    private readonly SearchSpace _space;

    /// <summary>Initializes a new instance of the <see cref="SearchSpace{T}"/> class with the attributes' defaults.</summary>
    /// <exception cref="ArgumentException">An attribute is invalid for its property (wrong type, bad range, bad default); the message names the property.</exception>
    public SearchSpace() => _space = TypedSpaceBuilder.Build(typeof(T), defaults: null);

    /// <summary>Initializes a new instance of the <see cref="SearchSpace{T}"/> class whose defaults are the property values of <paramref name="defaultOptions"/>.</summary>
    /// <param name="defaultOptions">The default options; each attributed property's value must lie inside its option.</param>
    /// <exception cref="ArgumentException">An attribute is invalid or a default lies outside its option; the message names the property.</exception>
    public SearchSpace(T defaultOptions)
    {
        ArgumentNullException.ThrowIfNull(defaultOptions);
        _space = TypedSpaceBuilder.Build(typeof(T), defaultOptions);
    }

    /// <inheritdoc/>
    public OptionBase this[string key] => _space[key];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _space.Keys;

    /// <inheritdoc/>
    public IEnumerable<OptionBase> Values => _space.Values;

    /// <inheritdoc/>
    public int Count => _space.Count;

    /// <inheritdoc/>
    public override int FeatureSpaceDimension => _space.FeatureSpaceDimension;

    /// <inheritdoc/>
    public override double[] Default => _space.Default;

    /// <inheritdoc/>
    public override double?[] Step => _space.Step;

    /// <inheritdoc/>
    internal override string Description => $"SearchSpace<{typeof(T).Name}> [{string.Join(", ", _space.Keys)}]";

    /// <summary>Returns the untyped space (tuners take a <see cref="SearchSpace"/>).</summary>
    /// <param name="space">The typed space.</param>
    public static implicit operator SearchSpace(SearchSpace<T> space) => space?.ToSearchSpace()!;

    /// <summary>
    /// Returns the untyped space this typed space wraps (the same instance, not a copy: do not edit it, or the
    /// typed view no longer matches <typeparamref name="T"/>).
    /// </summary>
    /// <returns>The space.</returns>
    public SearchSpace ToSearchSpace() => _space;

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace) => _space.SampleFromFeatureSpace(featureSpace);

    /// <summary>Maps a point of the unit cube straight to options.</summary>
    /// <param name="featureSpace">The point (see <see cref="OptionBase.SampleFromFeatureSpace"/>).</param>
    /// <returns>The options.</returns>
    public T SampleOptionsFromFeatureSpace(double[] featureSpace) => ToOptions(SampleFromFeatureSpace(featureSpace));

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter) => _space.MappingToFeatureSpace(parameter);

    /// <summary>Maps options to the unit cube (see <see cref="ToParameter"/>).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The point.</returns>
    /// <exception cref="ArgumentException">A property value lies outside its option.</exception>
    public double[] MappingToFeatureSpace(T options) => _space.MappingToFeatureSpace(ToParameter(options));

    /// <summary>Converts a parameter of this space to options: <c>parameter.AsType&lt;T&gt;()</c>.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The options; properties without attributes keep their initial values.</returns>
    /// <exception cref="InvalidCastException">The parameter does not fit <typeparamref name="T"/>.</exception>
    public T ToOptions(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.AsType<T>();
    }

    /// <summary>Converts options to a parameter of this space: the attributed properties only, nested as the space nests.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException">A nested options property is <see langword="null"/>.</exception>
    public Parameter ToParameter(T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Project(Parameter.FromValue(options), _space, typeof(T).Name);
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _space.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out OptionBase value) => _space.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, OptionBase>> GetEnumerator() => _space.GetEnumerator();

    /// <inheritdoc/>
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer) => _space.WriteJson(writer);

    /// <inheritdoc/>
    internal override bool Contains(OptionBase option) => ReferenceEquals(this, option) || _space.Contains(option);

    private static Parameter Project(Parameter full, SearchSpace space, string path)
    {
        if (full.ParameterType != ParameterType.Object)
        {
            throw new ArgumentException($"{path}: expected an options object, got {full.ParameterType}.", nameof(full));
        }

        var result = Parameter.CreateObject();
        foreach (var (key, option) in space)
        {
            var value = full.ContainsKey(key)
                ? full[key]
                : throw new ArgumentException($"{path}: the serialized options lack the key '{key}'.", nameof(full));
            result[key] = option switch
            {
                SearchSpace nested => Project(value, nested, $"{path}.{key}"),
                UniformDoubleOption when value.ParameterType == ParameterType.Integer => Parameter.FromDouble(value.NumericValue),
                UniformSingleOption when value.ParameterType == ParameterType.Integer => Parameter.FromFloat((float)value.NumericValue),
                _ => value,
            };
        }

        return result;
    }
}
