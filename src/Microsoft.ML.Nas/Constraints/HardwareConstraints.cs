namespace Microsoft.ML.Nas.Constraints;

/// <summary>
/// An immutable set of <see cref="CostConstraint"/>s built fluently, for example
/// <c>HardwareConstraints.MaxLatency(TimeSpan.FromMilliseconds(1)).AndMaxParameters(250_000)</c>.
/// </summary>
/// <remarks>Each method returns a new set; a later constraint on the same cost name replaces the earlier one.</remarks>
public sealed class HardwareConstraints
{
    private readonly CostConstraint[] _constraints;

    private HardwareConstraints(CostConstraint[] constraints)
    {
        _constraints = constraints;
    }

    /// <summary>Gets the empty set.</summary>
    public static HardwareConstraints None { get; } = new([]);

    /// <summary>Gets the constraints, in the order they were added.</summary>
    public IReadOnlyList<CostConstraint> Constraints => _constraints;

    /// <summary>Starts a set with a bound on <see cref="CostNames.LatencyMilliseconds"/>.</summary>
    /// <param name="maxLatency">The largest allowed inference latency; positive.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLatency"/> is not positive.</exception>
    public static HardwareConstraints MaxLatency(TimeSpan maxLatency, ConstraintPolicy policy = ConstraintPolicy.Reject) =>
        None.AndMaxLatency(maxLatency, policy);

    /// <summary>Starts a set with a bound on <see cref="CostNames.Parameters"/>.</summary>
    /// <param name="maxParameters">The largest allowed number of parameters; not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxParameters"/> is negative.</exception>
    public static HardwareConstraints MaxParameters(long maxParameters, ConstraintPolicy policy = ConstraintPolicy.Reject) =>
        None.AndMaxParameters(maxParameters, policy);

    /// <summary>Starts a set with a bound on <see cref="CostNames.Macs"/>.</summary>
    /// <param name="maxMacs">The largest allowed number of multiply-accumulates; not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMacs"/> is negative.</exception>
    public static HardwareConstraints MaxMacs(long maxMacs, ConstraintPolicy policy = ConstraintPolicy.Reject) =>
        None.AndMaxMacs(maxMacs, policy);

    /// <summary>Starts a set with a bound on <see cref="CostNames.PeakMemoryBytes"/>.</summary>
    /// <param name="maxPeakMemoryBytes">The largest allowed peak memory in bytes; not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPeakMemoryBytes"/> is negative.</exception>
    public static HardwareConstraints MaxPeakMemory(long maxPeakMemoryBytes, ConstraintPolicy policy = ConstraintPolicy.Reject) =>
        None.AndMaxPeakMemory(maxPeakMemoryBytes, policy);

    /// <summary>Starts a set with a bound on any named cost.</summary>
    /// <param name="costName">The cost's name.</param>
    /// <param name="maxValue">The largest allowed value; finite and not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentException"><paramref name="costName"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative or not finite.</exception>
    public static HardwareConstraints Max(string costName, double maxValue, ConstraintPolicy policy = ConstraintPolicy.Reject) =>
        None.And(costName, maxValue, policy);

    /// <summary>Adds a bound on <see cref="CostNames.LatencyMilliseconds"/>.</summary>
    /// <param name="maxLatency">The largest allowed inference latency; positive.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLatency"/> is not positive.</exception>
    public HardwareConstraints AndMaxLatency(TimeSpan maxLatency, ConstraintPolicy policy = ConstraintPolicy.Reject)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxLatency, TimeSpan.Zero);
        return And(new CostConstraint(CostNames.LatencyMilliseconds, maxLatency.TotalMilliseconds, policy));
    }

    /// <summary>Adds a bound on <see cref="CostNames.Parameters"/>.</summary>
    /// <param name="maxParameters">The largest allowed number of parameters; not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxParameters"/> is negative.</exception>
    public HardwareConstraints AndMaxParameters(long maxParameters, ConstraintPolicy policy = ConstraintPolicy.Reject)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxParameters);
        return And(new CostConstraint(CostNames.Parameters, maxParameters, policy));
    }

    /// <summary>Adds a bound on <see cref="CostNames.Macs"/>.</summary>
    /// <param name="maxMacs">The largest allowed number of multiply-accumulates; not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMacs"/> is negative.</exception>
    public HardwareConstraints AndMaxMacs(long maxMacs, ConstraintPolicy policy = ConstraintPolicy.Reject)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMacs);
        return And(new CostConstraint(CostNames.Macs, maxMacs, policy));
    }

    /// <summary>Adds a bound on <see cref="CostNames.PeakMemoryBytes"/>.</summary>
    /// <param name="maxPeakMemoryBytes">The largest allowed peak memory in bytes; not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPeakMemoryBytes"/> is negative.</exception>
    public HardwareConstraints AndMaxPeakMemory(long maxPeakMemoryBytes, ConstraintPolicy policy = ConstraintPolicy.Reject)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPeakMemoryBytes);
        return And(new CostConstraint(CostNames.PeakMemoryBytes, maxPeakMemoryBytes, policy));
    }

    /// <summary>Adds a bound on any named cost.</summary>
    /// <param name="costName">The cost's name.</param>
    /// <param name="maxValue">The largest allowed value; finite and not negative.</param>
    /// <param name="policy">What to do with candidates over the limit; default <see cref="ConstraintPolicy.Reject"/>.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentException"><paramref name="costName"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative or not finite.</exception>
    public HardwareConstraints And(string costName, double maxValue, ConstraintPolicy policy = ConstraintPolicy.Reject) =>
        And(new CostConstraint(costName, maxValue, policy));

    /// <summary>Adds a constraint, replacing an earlier one on the same cost name.</summary>
    /// <param name="constraint">The constraint to add.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="constraint"/> is <see langword="null"/>.</exception>
    public HardwareConstraints And(CostConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        var kept = _constraints.Where(existing => !string.Equals(existing.CostName, constraint.CostName, StringComparison.Ordinal));
        return new HardwareConstraints([.. kept, constraint]);
    }

    /// <summary>Returns the same bounds, all under one policy.</summary>
    /// <param name="policy">The policy for every constraint.</param>
    /// <param name="penaltyWeight">The penalty weight for <see cref="ConstraintPolicy.Penalty"/>; default 1.</param>
    /// <returns>The new set.</returns>
    public HardwareConstraints WithPolicy(ConstraintPolicy policy, double penaltyWeight = 1.0) =>
        new([.. _constraints.Select(constraint => constraint.WithPolicy(policy, penaltyWeight))]);

    /// <inheritdoc/>
    public override string ToString() => _constraints.Length == 0 ? "(none)" : string.Join(", ", _constraints.Select(c => c.ToString()));
}
