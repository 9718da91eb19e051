namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// How <see cref="LatencyLookupTable.Build(Architectures.IArchitectureSpace, Architectures.InputShape, int, LatencyTableOptions?, CancellationToken)"/>
/// finds the node configurations of a space, measures them and fits the per-forward overhead. Immutable; every setter
/// validates its value.
/// </summary>
public sealed record LatencyTableOptions
{
    /// <summary>Gets how each entry (and each calibration network) is timed; <see cref="MeasuredLatencyOptions"/>' defaults by default.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public MeasuredLatencyOptions Measurement
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Measurement));
            field = value;
        }
    } = new();

    /// <summary>Gets the seed of the architectures sampled to find the node configurations and to calibrate; 0 by default.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Gets how many sampled architectures in a row (each with its one-setting-at-a-time variations) must add no new
    /// latency key before the search for keys stops; at least 1; 200 by default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Patience
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Patience));
            field = value;
        }
    } = 200;

    /// <summary>Gets the most architectures sampled while searching for keys, whatever the patience; at least 1; 20,000 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxArchitectures
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxArchitectures));
            field = value;
        }
    } = 20_000;

    /// <summary>
    /// Gets the number of whole networks measured to fit the per-forward overhead (the intercept); at least 0 (0 sets
    /// the overhead to 0); 16 by default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CalibrationNetworks
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(CalibrationNetworks));
            field = value;
        }
    } = 16;

    /// <summary>Gets the clock that dates the table (<see cref="LatencyTableMachine.CreatedAt"/>); <see cref="TimeProvider.System"/> by default.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(TimeProvider));
            field = value;
        }
    } = TimeProvider.System;
}
