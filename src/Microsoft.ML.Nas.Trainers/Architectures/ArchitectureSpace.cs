using System.Globalization;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using Microsoft.ML.Nas.Trainers.Costs;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// The shared implementation of <see cref="IArchitectureSpace"/>: argument checks, checking that a parameter belongs
/// to the space, and minimum costs from <see cref="MinimalCandidates"/>. A derived space supplies the search space, the
/// description of a checked parameter, the summary and the input check.
/// </summary>
public abstract class ArchitectureSpace : IArchitectureSpace
{
    /// <summary>Initializes the space.</summary>
    /// <param name="name">A short name for messages and leaderboards.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    protected ArchitectureSpace(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public abstract SearchSpace SearchSpace { get; }

    /// <inheritdoc/>
    public NetworkDescription Describe(Parameter parameter, InputShape input, int outputs)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        CheckParameter(parameter);
        ValidateInput(input);
        var description = DescribeCore(parameter, input, outputs);
        if (!description.Output.Equals(InputShape.Vector(outputs)))
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The {Name} space described a network whose output is {description.Output}, not [{outputs}]; end it with a classifier."));
        }

        return description;
    }

    /// <summary>Describes and builds the network of a parameter (<see cref="Describe"/>, then <see cref="NetworkDescription.Build"/>).</summary>
    /// <param name="parameter">A parameter of <see cref="SearchSpace"/>.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs.</param>
    /// <returns>A new module that the caller owns.</returns>
    /// <exception cref="ArgumentException">The parameter is not in the space, or the input does not fit it.</exception>
    public NetworkModule Build(Parameter parameter, InputShape input, int outputs) => Describe(parameter, input, outputs).Build();

    /// <inheritdoc/>
    public string Summarize(Parameter parameter)
    {
        CheckParameter(parameter);
        return SummarizeCore(parameter);
    }

    /// <inheritdoc/>
    public abstract void ValidateInput(InputShape input);

    /// <inheritdoc/>
    public abstract IReadOnlyList<Parameter> MinimalCandidates();

    /// <inheritdoc/>
    public AnalyticCosts MinimumCosts(InputShape input, int outputs)
    {
        var costs = MinimalCandidates().Select(candidate => AnalyticCosts.Of(Describe(candidate, input, outputs))).ToList();
        return new AnalyticCosts(costs.Min(c => c.Parameters), costs.Min(c => c.Macs), costs.Min(c => c.PeakMemoryBytes));
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    /// <summary>Describes the network of a parameter that is known to belong to <see cref="SearchSpace"/>, for an input that fits.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs (at least 1).</param>
    /// <returns>The description, whose output must be <c>[outputs]</c>.</returns>
    protected abstract NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs);

    /// <summary>Summarises a parameter that is known to belong to <see cref="SearchSpace"/>.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>One line.</returns>
    protected abstract string SummarizeCore(Parameter parameter);

    /// <summary>Throws an <see cref="ArgumentException"/> for an input shape that does not fit, stating what was expected and found.</summary>
    /// <param name="expected">What the space needs, for example <c>an image [channels, height, width] of at least 4×4</c>.</param>
    /// <param name="input">The shape found.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="ArgumentException">Always.</exception>
    protected ArgumentException InputMismatch(string expected, InputShape input) =>
        new($"The {Name} space needs {expected}; found {input}.", nameof(input));

    private void CheckParameter(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        try
        {
            _ = SearchSpace.MappingToFeatureSpace(parameter);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The parameter is not in the {Name} space: {ParameterReader.MessageOf(exception)}", nameof(parameter), exception);
        }
    }
}
