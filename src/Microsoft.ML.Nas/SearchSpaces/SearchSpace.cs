using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// A named set of options, itself an option: its parameter is an object with one key per option, and its feature
/// space is the concatenation of the options' coordinates in key (insertion) order.
/// </summary>
/// <remarks>
/// <para>
/// A space is mutable while it is being built (<see cref="Add"/>, the indexer's setter, <see cref="Remove"/>);
/// change it no more once a tuner or experiment uses it, because the feature layout follows its keys.
/// </para>
/// <example>
/// <code>
/// var space = new SearchSpace
/// {
///     ["depth"] = new UniformIntOption(1, 8),
///     ["learningRate"] = new UniformDoubleOption(1e-4, 1e-1, logBase: true),
///     ["activation"] = new ChoiceOption("relu", "hswish"),
/// };
/// Parameter p = space.SampleFromFeatureSpace([0.5, 0.5, 0.9]); // {"depth":5,"learningRate":0.0031...,"activation":"hswish"}
/// </code>
/// </example>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "ML.NET's name for the concept; a space is an option first, a dictionary second.")]
public sealed class SearchSpace : OptionBase, IReadOnlyDictionary<string, OptionBase>
{
    private readonly OrderedDictionary<string, OptionBase> _options = new(StringComparer.Ordinal);

    /// <summary>Initializes a new, empty instance of the <see cref="SearchSpace"/> class.</summary>
    public SearchSpace()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SearchSpace"/> class with options, keeping their order.</summary>
    /// <param name="options">The keys and options.</param>
    /// <exception cref="ArgumentException">A key occurs twice or is empty.</exception>
    public SearchSpace(IEnumerable<KeyValuePair<string, OptionBase>> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (key, option) in options)
        {
            Add(key, option);
        }
    }

    /// <summary>Gets the number of options.</summary>
    public int Count => _options.Count;

    /// <summary>Gets the keys in order.</summary>
    public IEnumerable<string> Keys => _options.Keys;

    /// <summary>Gets the options in key order.</summary>
    public IEnumerable<OptionBase> Values => _options.Values;

    /// <inheritdoc/>
    public override int FeatureSpaceDimension => _options.Values.Sum(o => o.FeatureSpaceDimension);

    /// <inheritdoc/>
    public override double[] Default => [.. _options.Values.SelectMany(o => o.Default)];

    /// <inheritdoc/>
    public override double?[] Step => [.. _options.Values.SelectMany(o => o.Step)];

    /// <inheritdoc/>
    internal override string Description => $"SearchSpace [{string.Join(", ", _options.Keys)}]";

    /// <summary>Gets the option under <paramref name="key"/>, or adds or replaces it.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The option.</returns>
    /// <exception cref="KeyNotFoundException">Getting a key the space does not have; the message names it.</exception>
    /// <exception cref="ArgumentException">Setting an empty key, or an option that contains this space.</exception>
    public OptionBase this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            return _options.TryGetValue(key, out var option)
                ? option
                : throw new KeyNotFoundException($"The search space has no key '{key}'. Its keys are [{string.Join(", ", _options.Keys)}].");
        }

        set
        {
            CheckEntry(key, value);
            _options[key] = value;
        }
    }

    /// <summary>Adds an option at the end of the feature layout.</summary>
    /// <param name="key">The key; not empty, not already present.</param>
    /// <param name="option">The option.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="option"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key is empty or already present (the message names it), or the option contains this space.</exception>
    public void Add(string key, OptionBase option)
    {
        CheckEntry(key, option);
        if (!_options.TryAdd(key, option))
        {
            throw new ArgumentException($"The search space already has the key '{key}'.", nameof(key));
        }
    }

    /// <summary>Removes an option.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if the key was present.</returns>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _options.Remove(key);
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _options.ContainsKey(key);
    }

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out OptionBase value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _options.TryGetValue(key, out value);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, OptionBase>> GetEnumerator() => _options.GetEnumerator();

    /// <inheritdoc/>
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override Parameter SampleFromFeatureSpace(double[] featureSpace)
    {
        var point = CheckFeatureSpace(featureSpace);
        var result = Parameter.CreateObject();
        int offset = 0;
        foreach (var (key, option) in _options)
        {
            int dimension = option.FeatureSpaceDimension;
            var block = point.AsSpan(offset, dimension).ToArray();
            offset += dimension;
            try
            {
                result[key] = option.SampleFromFeatureSpace(block);
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"Option '{key}': {MessageOf(exception)}", nameof(featureSpace), exception);
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override double[] MappingToFeatureSpace(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameter.ParameterType != ParameterType.Object)
        {
            throw new ArgumentException($"{Description}: expected an object parameter, got {parameter.ParameterType} {parameter}.", nameof(parameter));
        }

        var unknown = parameter.Keys.Where(k => !_options.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{Description}: the parameter has keys the space does not: [{string.Join(", ", unknown)}].", nameof(parameter));
        }

        var result = new List<double>(FeatureSpaceDimension);
        foreach (var (key, option) in _options)
        {
            if (!parameter.ContainsKey(key))
            {
                throw new ArgumentException($"{Description}: the parameter lacks the key '{key}'.", nameof(parameter));
            }

            try
            {
                result.AddRange(option.MappingToFeatureSpace(parameter[key]));
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"Option '{key}': {MessageOf(exception)}", nameof(parameter), exception);
            }
        }

        return [.. result];
    }

    /// <summary>
    /// Writes the space's definition as compact JSON:
    /// <c>{"type":"space","options":{"key":{"type":"int","min":1,"max":8,"logBase":false},...}}</c>, with option
    /// types <c>int</c>, <c>double</c>, <c>float</c>, <c>bool</c>, <c>choice</c> and <c>space</c>; a default appears
    /// only when one was given. <see cref="FromJson"/> reads it back.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => SearchSpaceJson.Write(this, indented: false);

    /// <summary>Writes the space's definition as JSON (see <see cref="ToJson()"/>).</summary>
    /// <param name="indented">Whether to indent the output for reading.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented) => SearchSpaceJson.Write(this, indented);

    /// <summary>Reads a space written by <see cref="ToJson()"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The space.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The text is not JSON or not a space definition; the message gives the JSON path.</exception>
    public static SearchSpace FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SearchSpaceJson.ReadSpace(json);
    }

    /// <summary>
    /// Returns the lowercase hex SHA-256 of the compact <see cref="ToJson()"/> text (UTF-8). Equal definitions give
    /// equal hashes in every process; any change to keys, their order, ranges, scales, choices or given defaults
    /// gives a different hash. Use it to check that a stored experiment belongs to a space.
    /// </summary>
    /// <returns>64 hex digits.</returns>
    public string GetStableHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <inheritdoc/>
    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "space");
        writer.WriteStartObject("options");
        foreach (var (key, option) in _options)
        {
            writer.WritePropertyName(key);
            option.WriteJson(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    internal override bool Contains(OptionBase option) =>
        ReferenceEquals(this, option) || _options.Values.Any(o => o.Contains(option));

    /// <summary>Returns an exception's message without the " (Parameter 'x')" suffix, so nested messages read as one path.</summary>
    internal static string MessageOf(ArgumentException exception)
    {
        string message = exception.Message;
        string suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal)
            ? message[..^suffix.Length]
            : message;
    }

    private void CheckEntry(string key, OptionBase option)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(option);
        if (key.Length == 0)
        {
            throw new ArgumentException("A search-space key cannot be empty.", nameof(key));
        }

        if (option.Contains(this))
        {
            throw new ArgumentException($"The option for key '{key}' contains this search space; spaces cannot contain themselves.", nameof(option));
        }
    }
}
