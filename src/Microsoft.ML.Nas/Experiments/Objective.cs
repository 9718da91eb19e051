namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// One axis of a multi-objective search: a named value to minimise or maximise. The name is looked up in this order:
/// <c>"loss"</c> (the trial's loss, after any constraint penalty), the runner's metrics, then the estimated costs.
/// </summary>
/// <remarks>Trial results store every objective minimised: a maximised value is stored negated.</remarks>
public sealed class Objective
{
    /// <summary>The name that refers to the trial's loss.</summary>
    public const string LossName = "loss";

    private Objective(string name, bool isMaximized)
    {
        Name = name;
        IsMaximized = isMaximized;
    }

    /// <summary>Gets the objective that minimises the trial's loss.</summary>
    public static Objective Loss { get; } = new(LossName, isMaximized: false);

    /// <summary>Gets the name of the value.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether larger is better (the stored objective is then negated).</summary>
    public bool IsMaximized { get; }

    /// <summary>Creates an objective that minimises a named value.</summary>
    /// <param name="name">The loss, a metric or a cost name.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static Objective Minimize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Objective(name, isMaximized: false);
    }

    /// <summary>Creates an objective that maximises a named value (for example accuracy).</summary>
    /// <param name="name">A metric or cost name.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static Objective Maximize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Objective(name, isMaximized: true);
    }

    /// <inheritdoc/>
    public override string ToString() => IsMaximized ? $"maximize {Name}" : $"minimize {Name}";
}
