namespace Microsoft.ML.Nas.Torch;

/// <summary>A device: its type and, for CUDA, its index.</summary>
/// <param name="Type">The kind of device.</param>
/// <param name="Index">The device index; -1 for the current/default device.</param>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>Gets the CPU device.</summary>
    public static Device Cpu { get; } = new(DeviceType.Cpu);

    /// <summary>Gets the default CUDA device.</summary>
    public static Device Cuda { get; } = new(DeviceType.Cuda);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        DeviceType.Cpu => "cpu",
        _ => Index < 0 ? "cuda" : $"cuda:{Index}",
    };
}
