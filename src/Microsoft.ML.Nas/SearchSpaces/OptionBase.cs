using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>
/// One dimension group of a search space: maps points of the unit cube [0,1]^d (the feature space tuners work in)
/// to <see cref="Parameter"/> values and back. A <see cref="SearchSpace"/> is itself an option, so spaces nest.
/// </summary>
/// <remarks>
/// The concrete options are <see cref="ChoiceOption"/>, <see cref="UniformIntOption"/>,
/// <see cref="UniformDoubleOption"/>, <see cref="UniformSingleOption"/>, <see cref="BooleanOption"/>,
/// <see cref="SearchSpace"/> and <see cref="SearchSpace{T}"/>; the set is closed so that every space has a JSON
/// form and a stable hash. For every parameter <c>p</c> an option produces,
/// <c>SampleFromFeatureSpace(MappingToFeatureSpace(p))</c> equals <c>p</c>. Options are immutable once built
/// (a <see cref="SearchSpace"/> until someone edits it), so several threads may sample and map at once.
/// </remarks>
public abstract class OptionBase
{
    /// <summary>How far a coordinate may lie outside [0,1] and still be clamped rather than rejected.</summary>
    internal const double Tolerance = 1e-9;

    private protected OptionBase()
    {
    }

    /// <summary>Gets the number of unit-cube coordinates this option uses.</summary>
    public abstract int FeatureSpaceDimension { get; }

    /// <summary>Gets the default point in the unit cube (a new array on each call).</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "ML.NET SearchSpace's member name, kept one-to-one with ML.NET AutoML.")]
    public abstract double[] Default { get; }

    /// <summary>
    /// Gets, per coordinate, <see langword="null"/> for a continuous coordinate or the unit-cube spacing of its
    /// discrete levels (a new array on each call). Grid search walks these steps; local tuners move by at least
    /// one step so that a move changes the parameter.
    /// </summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "ML.NET SearchSpace's member name, kept one-to-one with ML.NET AutoML.")]
    public abstract double?[] Step { get; }

    /// <summary>Maps a point of the unit cube to a parameter.</summary>
    /// <param name="featureSpace">
    /// <see cref="FeatureSpaceDimension"/> coordinates, each in [0,1]; values within 1e-9 outside are clamped.
    /// </param>
    /// <returns>A new parameter the caller may edit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="featureSpace"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The length is wrong or a coordinate is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate lies outside [0,1] by more than 1e-9.</exception>
    public abstract Parameter SampleFromFeatureSpace(double[] featureSpace);

    /// <summary>Maps a parameter back to the unit cube: the inverse of <see cref="SampleFromFeatureSpace"/>.</summary>
    /// <param name="parameter">A parameter of the shape this option produces.</param>
    /// <returns><see cref="FeatureSpaceDimension"/> coordinates in [0,1].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The parameter has the wrong shape or a value the option cannot produce; the message names the option.</exception>
    public abstract double[] MappingToFeatureSpace(Parameter parameter);

    /// <summary>Returns the option's JSON definition (the form <see cref="SearchSpace.FromJson"/> reads).</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => SearchSpaceJson.Write(this, indented: false);

    /// <summary>Writes the option's JSON definition.</summary>
    internal abstract void WriteJson(Utf8JsonWriter writer);

    /// <summary>Gets a short description for error messages, for example <c>UniformIntOption [1, 8]</c>.</summary>
    internal abstract string Description { get; }

    /// <summary>Returns whether <paramref name="option"/> is this option or nested anywhere inside it.</summary>
    internal virtual bool Contains(OptionBase option) => ReferenceEquals(this, option);

    /// <summary>Checks a feature vector's length and values and returns a clamped copy.</summary>
    private protected double[] CheckFeatureSpace(double[] featureSpace)
    {
        ArgumentNullException.ThrowIfNull(featureSpace);
        if (featureSpace.Length != FeatureSpaceDimension)
        {
            throw new ArgumentException(
                $"{Description}: expected {FeatureSpaceDimension} feature-space coordinates, got {featureSpace.Length}.",
                nameof(featureSpace));
        }

        var result = new double[featureSpace.Length];
        for (int i = 0; i < featureSpace.Length; i++)
        {
            double x = featureSpace[i];
            if (double.IsNaN(x))
            {
                throw new ArgumentException($"{Description}: feature-space coordinate {i} is NaN.", nameof(featureSpace));
            }

            if (x < -Tolerance || x > 1 + Tolerance)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(featureSpace), x, $"{Description}: feature-space coordinate {i} is outside [0,1].");
            }

            result[i] = Math.Clamp(x, 0.0, 1.0);
        }

        return result;
    }

    /// <summary>Throws unless <paramref name="parameter"/> is a number, and returns its value.</summary>
    private protected double RequireNumber(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.IsNumeric
            ? parameter.NumericValue
            : throw new ArgumentException($"{Description}: expected a number, got {parameter.ParameterType} {parameter}.", nameof(parameter));
    }
}
