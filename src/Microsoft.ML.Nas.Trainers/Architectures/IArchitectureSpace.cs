using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Costs;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// A family of networks: a <see cref="SearchSpaces.SearchSpace"/> whose parameters each describe one concrete network
/// for a given input shape and output count. <see cref="ArchitectureSpace"/> implements the shared parts.
/// </summary>
public interface IArchitectureSpace
{
    /// <summary>Gets a short name for messages and leaderboards (for example <c>mobilenet</c>).</summary>
    string Name { get; }

    /// <summary>Gets the decisions tuners make; <see cref="Describe"/> reads its parameters.</summary>
    SearchSpace SearchSpace { get; }

    /// <summary>Describes the network of a parameter, without building anything.</summary>
    /// <param name="parameter">A parameter of <see cref="SearchSpace"/>.</param>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs (classes, or 1 for regression).</param>
    /// <returns>The description; its output is <c>[outputs]</c>.</returns>
    /// <exception cref="ArgumentException">The parameter is not in the space, or the input does not fit it (see <see cref="ValidateInput"/>); the message says which key or what was expected and found.</exception>
    NetworkDescription Describe(Parameter parameter, InputShape input, int outputs);

    /// <summary>Summarises a parameter in one line for leaderboards and logs; equal parameters give equal text.</summary>
    /// <param name="parameter">A parameter of <see cref="SearchSpace"/>.</param>
    /// <returns>For example <c>MobileNet w0.75: 24×2 k5e4 relu | 40×3 k3e6+se hardswish | dropout 0.2</c>.</returns>
    /// <exception cref="ArgumentException">The parameter is not in the space.</exception>
    string Summarize(Parameter parameter);

    /// <summary>Checks that networks of this space accept the input shape.</summary>
    /// <param name="input">The per-sample input shape.</param>
    /// <exception cref="ArgumentException">The shape does not fit (for example an image smaller than the stride plan allows); the message states what was expected and what was found.</exception>
    void ValidateInput(InputShape input);

    /// <summary>
    /// Lists parameters that together reach the smallest value of every analytic cost: for each cost, one of them is
    /// the cheapest network of the space (the minimum over all parameters).
    /// </summary>
    /// <returns>At least one parameter.</returns>
    IReadOnlyList<Parameter> MinimalCandidates();

    /// <summary>
    /// Gets the smallest parameter count, MACs and peak memory any network of the space can have for this input
    /// (each minimum reached by one of <see cref="MinimalCandidates"/>): constraints below them cannot be met.
    /// </summary>
    /// <param name="input">The per-sample input shape.</param>
    /// <param name="outputs">The number of outputs.</param>
    /// <returns>The per-cost minimums.</returns>
    /// <exception cref="ArgumentException">The input does not fit the space.</exception>
    AnalyticCosts MinimumCosts(InputShape input, int outputs);
}
