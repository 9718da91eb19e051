namespace Microsoft.ML.Nas.Experiments;

/// <summary>
/// Samples the process's memory on a timer during one trial and cancels the trial when its growth since the trial
/// started goes over a limit.
/// </summary>
/// <remarks>
/// Growth is the larger of the managed heap's growth (<see cref="GC.GetTotalMemory(bool)"/>, which sees arrays the
/// runtime has not touched yet) and the working set's growth (<see cref="Environment.WorkingSet"/>, which sees native
/// memory such as tensors). Both are process-wide: anything else the process allocates during the trial counts too.
/// </remarks>
internal sealed class MemoryWatch : IDisposable
{
    private readonly long _limitBytes;
    private readonly CancellationTokenSource _cancellation;
    private readonly long _managedBaseline;
    private readonly long _workingSetBaseline;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private bool _isDisposed;

    public MemoryWatch(long limitBytes, CancellationTokenSource cancellation, TimeProvider timeProvider, TimeSpan samplingInterval)
    {
        _limitBytes = limitBytes;
        _cancellation = cancellation;
        _managedBaseline = GC.GetTotalMemory(forceFullCollection: false);
        _workingSetBaseline = Environment.WorkingSet;
        _timer = timeProvider.CreateTimer(static state => ((MemoryWatch)state!).Sample(), this, samplingInterval, samplingInterval);
    }

    /// <summary>Gets the growth that went over the limit, or 0 while within it.</summary>
    public long ExceededBytes { get; private set; }

    public void Dispose()
    {
        lock (_lock)
        {
            _isDisposed = true;
        }

        _timer.Dispose();
    }

    private void Sample()
    {
        var used = Math.Max(
            GC.GetTotalMemory(forceFullCollection: false) - _managedBaseline,
            Environment.WorkingSet - _workingSetBaseline);
        if (used <= _limitBytes)
        {
            return;
        }

        lock (_lock)
        {
            if (_isDisposed || ExceededBytes > 0)
            {
                return;
            }

            ExceededBytes = used;
            _cancellation.Cancel();
        }
    }
}
